package dev.tollgate.engine.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.EngineException;
import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.policy.PolicyEvaluator;
import dev.tollgate.engine.policy.PolicyRegistry;
import dev.tollgate.engine.store.sqlite.SqliteStore;
import dev.tollgate.engine.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The intent lifecycle against a real SQLite store, with a clock the test moves. */
class IntentServiceTest {
    @TempDir Path dir;

    /** A clock tests can move forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-21T10:00:00Z");

        void advance(Duration d) { now = now.plus(d); }

        @Override public Instant instant() { return now; }
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }

    private final MovableClock clock = new MovableClock();
    private SqliteStore store;
    private IntentService intents;
    private final Principal agent = new Principal.Admin();
    private final Principal reviewer = new Principal.Admin();

    @BeforeEach void open() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("finance.yaml"), "id: finance\nrequire_approval: always\nexpiry_minutes: 15\n");
        Files.writeString(policies.resolve("open.yaml"), "id: open\nrequire_approval: never\n");
        store = SqliteStore.open(dir.resolve("t.db"), new AuditChain(AuditKey.of(new byte[32])));
        intents = new IntentService(store, new PolicyEvaluator(PolicyRegistry.load(policies)), clock, null,
                Runnable::run, IntentListener.NONE);
    }

    @AfterEach void close() { store.close(); }

    private Intent propose(String policy, Duration expiresIn, String idempotencyKey) throws Exception {
        Proposal p = new Proposal("stripe.refund", policy, "x", null, 1, null, null, List.of(), idempotencyKey, null,
                expiresIn, Json.object(), null);
        return get(intents.propose(p, agent, "agt_test", null, null)).intent();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception { return f.get(10, TimeUnit.SECONDS); }

    private static EngineException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(EngineException.class, e.getCause());
    }

    static Stream<Arguments> windows() {
        return Stream.of(
                Arguments.of(null, null, Duration.ofMinutes(60)),
                Arguments.of(null, 15, Duration.ofMinutes(15)),
                Arguments.of(Duration.ofMinutes(5), 15, Duration.ofMinutes(5)),
                Arguments.of(Duration.ofHours(1), 15, Duration.ofMinutes(15)),
                Arguments.of(Duration.ofHours(2), null, Duration.ofHours(2)));
    }

    @ParameterizedTest(name = "expiresIn {0}, policy {1} min -> {2}")
    @MethodSource("windows")
    void anAgentMayShortenButNeverExtendThePolicysWindow(Duration requested, Integer policy, Duration expected) {
        assertEquals(expected, IntentService.approvalWindow(requested, policy));
    }

    @Test
    void pendingIntentExpiresAtItsDeadlineAndCanNoLongerBeApproved() throws Exception {
        Intent i = propose("finance", Duration.ofHours(1), null);
        assertEquals(IntentStatus.PENDING_APPROVAL, i.status());
        assertEquals(clock.instant().plus(Duration.ofMinutes(15)), i.expiresAt(), "capped by expiry_minutes");

        clock.advance(Duration.ofMinutes(14));
        assertEquals(List.of(), get(intents.expireOverdue(100)), "not yet due");
        clock.advance(Duration.ofMinutes(1));
        List<Intent> expired = get(intents.expireOverdue(100));
        assertEquals(1, expired.size());
        assertEquals(IntentStatus.EXPIRED, expired.get(0).status());
        assertEquals(ReasonCode.EXPIRED, expired.get(0).reasonCode());

        EngineException gone = failure(intents.approve(i.id(), reviewer, Optional.empty()));
        assertEquals(EngineException.Kind.GONE, gone.kind());
        List<String> types = get(intents.audit(i.id())).stream().map(AuditEvent::eventType).toList();
        assertEquals(List.of("proposed", "policy_checked", "expired"), types);
    }

    @Test
    void aReadExpiresAnOverdueIntentWithoutWaitingForTheSweep() throws Exception {
        Intent i = propose("finance", null, null);
        clock.advance(Duration.ofMinutes(16));
        assertEquals(IntentStatus.EXPIRED, get(intents.get(i.id(), Optional.empty())).orElseThrow().status());
    }

    @Test
    void decisionsAreFinalAndApprovalIsIdempotent() throws Exception {
        Intent a = propose("finance", null, null);
        Intent approved = get(intents.approve(a.id(), reviewer, Optional.empty()));
        assertEquals(IntentStatus.APPROVED, approved.status());
        assertEquals("admin", approved.decidedBy());
        assertEquals(approved.decidedAt(), get(intents.approve(a.id(), reviewer, Optional.empty())).decidedAt(),
                "approving again changes nothing");
        assertEquals("already_decided", failure(intents.reject(a.id(), reviewer, "late")).code());

        Intent b = propose("finance", null, null);
        Intent rejected = get(intents.reject(b.id(), reviewer, "no"));
        assertEquals(ReasonCode.REJECTED_BY_REVIEWER, rejected.reasonCode());
        assertEquals("already_decided", failure(intents.approve(b.id(), reviewer, Optional.empty())).code());
    }

    @Test
    void anAgentCannotDecideAndOnlySeesItsOwnIntents() throws Exception {
        Intent i = propose("finance", null, null);
        var agentPrincipal = new Principal.AgentPrincipal(new dev.tollgate.engine.agent.Agent("agt_x", "x", null,
                "standard", dev.tollgate.engine.agent.AgentStatus.ACTIVE, null, null, null, Json.object(), clock.instant()));
        EngineException e = assertThrows(EngineException.class, () -> intents.approve(i.id(), agentPrincipal, Optional.empty()));
        assertEquals(EngineException.Kind.FORBIDDEN, e.kind());
        assertTrue(get(intents.get(i.id(), Optional.of("agt_other"))).isEmpty());
    }

    @Test
    void aRepeatedIdempotencyKeyPointsAtTheFirstIntent() throws Exception {
        Intent first = propose("open", null, "k1");
        Proposal again = new Proposal("stripe.refund", "open", "other", null, 5, null, null, List.of(), "k1", null, null,
                Json.object(), null);
        ProposeResult r = get(intents.propose(again, agent, "agt_test", null, null));
        assertInstanceOf(ProposeResult.Duplicate.class, r);
        assertEquals(first.id(), r.intent().id());
        assertEquals(1, get(intents.counts()).duplicates());
        assertInstanceOf(ProposeResult.Created.class, get(intents.propose(again, agent, "agt_other", null, null)),
                "keys are per agent");
    }
}
