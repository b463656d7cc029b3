package dev.tollgate.engine.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single use and joining for proxied requests, against a real store. */
class ProxyIntentsTest {
    @TempDir Path dir;

    private final IntentServiceTest.MovableClock clock = new IntentServiceTest.MovableClock();
    private SqliteStore store;
    private IntentService intents;
    private ProxyIntents proxy;
    private final Principal agent = new Principal.Admin();

    @BeforeEach void open() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("review.yaml"), "id: review\nrequire_approval: always\nexpiry_minutes: 10\n");
        store = SqliteStore.open(dir.resolve("t.db"), new AuditChain(AuditKey.of(new byte[32])));
        intents = new IntentService(store, new PolicyEvaluator(PolicyRegistry.load(policies)), clock, null,
                Runnable::run, IntentListener.NONE);
        proxy = new ProxyIntents(intents);
    }

    @AfterEach void close() { store.close(); }

    private static <T> T get(CompletableFuture<T> f) throws Exception { return f.get(10, TimeUnit.SECONDS); }

    private ProposeResult request(String policy, String agentId, String digest) throws Exception {
        Proposal p = new Proposal("api.example.com.https", policy, "{}", "json", 2, null, null, List.of(), null, null,
                null, Json.object().put("via", "proxy"), digest);
        return get(intents.propose(p, agent, agentId, null, null));
    }

    @Test
    void anIdenticalResendJoinsThePendingIntentInsteadOfQueueingAnother() throws Exception {
        Intent first = request("review", "agt_a", "d1").intent();
        ProposeResult again = request("review", "agt_a", "d1");
        assertInstanceOf(ProposeResult.Joined.class, again);
        assertEquals(first.id(), again.intent().id());
        assertNotEquals(first.id(), request("review", "agt_b", "d1").intent().id(), "another agent never joins");
        assertNotEquals(first.id(), request("review", "agt_a", "d2").intent().id(), "another request never joins");
        assertEquals(3L, get(intents.counts()).get(IntentStatus.PENDING_APPROVAL));
    }

    @Test
    void anApprovalAuthorisesExactlyOneForwardOfExactlyThatRequest() throws Exception {
        Intent i = request("review", "agt_a", "d1").intent();
        assertInstanceOf(ForwardGrant.Pending.class, get(proxy.use(i.id(), "agt_a", "d1", "a")));
        get(intents.approve(i.id(), new Principal.Admin(), Optional.empty()));

        ForwardGrant wrongDigest = get(proxy.use(i.id(), "agt_a", "other", "a"));
        assertEquals("request_mismatch", ((ForwardGrant.Refused) wrongDigest).code());
        ForwardGrant wrongAgent = get(proxy.use(i.id(), "agt_b", "d1", "b"));
        assertEquals("request_mismatch", ((ForwardGrant.Refused) wrongAgent).code());

        ForwardGrant.Forward forward = assertInstanceOf(ForwardGrant.Forward.class, get(proxy.use(i.id(), "agt_a", "d1", "a")));
        ForwardGrant twice = get(proxy.use(i.id(), "agt_a", "d1", "a"));
        assertEquals("intent_already_used", ((ForwardGrant.Refused) twice).code());
        assertInstanceOf(ProposeResult.Created.class, request("review", "agt_a", "d1"),
                "a used intent is not joined: the same request again needs a new approval");

        get(proxy.recordOutcome(forward.intent(), true, Json.object().put("upstream_status", 201), "a"));
        ExecutionException again = assertThrows(ExecutionException.class,
                () -> get(proxy.recordOutcome(forward.intent(), false, Json.object(), "a")));
        assertTrue(again.getCause().getMessage().contains("already has an outcome"), again.getCause().getMessage());
        List<String> types = get(intents.audit(i.id())).stream().map(AuditEvent::eventType).toList();
        assertEquals(List.of("proposed", "policy_checked", "approved", "execution_requested", "execution_succeeded"), types);
        assertEquals(IntentStatus.SUCCEEDED, get(intents.get(i.id(), Optional.empty())).orElseThrow().status());
    }

    @Test
    void anAutoApprovedRequestIsClaimedInTheSameCommit() throws Exception {
        Files.writeString(dir.resolve("policies/open.yaml"), "id: open\nrequire_approval: never\n");
        intents = new IntentService(store, new PolicyEvaluator(PolicyRegistry.load(dir.resolve("policies"))), clock, null,
                Runnable::run, IntentListener.NONE);
        proxy = new ProxyIntents(intents);
        long commitsBefore = store.commitCount();
        Proposal p = new Proposal("api.example.com.https", "open", "{}", "json", 2, null, null, List.of(), null, null,
                null, Json.object(), "d9");
        ProposeResult r = get(proxy.propose(p, agent, "agt_a", null, null));
        assertEquals(IntentStatus.APPROVED, r.intent().status());
        assertNotEquals(null, r.intent().usedAt(), "claimed for this request's forward");
        assertEquals(commitsBefore + 1, store.commitCount(), "one commit");
        assertInstanceOf(ProposeResult.Created.class, get(proxy.propose(p, agent, "agt_a", null, null)),
                "the same request again is a new intent: the first one is used");
        List<String> types = get(intents.audit(r.intent().id())).stream().map(AuditEvent::eventType).toList();
        assertEquals(List.of("proposed", "policy_checked", "approved", "execution_requested"), types);
    }

    @Test
    void aJoinedApprovedIntentIsClaimedByTheJoiningRequest() throws Exception {
        Intent i = request("review", "agt_a", "d1").intent();
        get(intents.approve(i.id(), new Principal.Admin(), Optional.empty()));
        Proposal p = new Proposal("api.example.com.https", "review", "{}", "json", 2, null, null, List.of(), null, null,
                null, Json.object(), "d1");
        ProposeResult joined = get(proxy.propose(p, agent, "agt_a", null, null));
        assertInstanceOf(ProposeResult.Joined.class, joined);
        assertNotEquals(null, joined.intent().usedAt());
        assertEquals("intent_already_used", ((ForwardGrant.Refused) get(proxy.use(i.id(), "agt_a", "d1", "a"))).code());
    }

    @Test
    void concurrentUsesOfOneApprovalForwardOnce() throws Exception {
        Intent i = request("review", "agt_a", "d1").intent();
        get(intents.approve(i.id(), new Principal.Admin(), Optional.empty()));
        List<CompletableFuture<ForwardGrant>> uses = new ArrayList<>();
        for (int n = 0; n < 20; n++) uses.add(proxy.use(i.id(), "agt_a", "d1", "a"));
        long forwards = 0;
        for (CompletableFuture<ForwardGrant> u : uses) if (get(u) instanceof ForwardGrant.Forward) forwards++;
        assertEquals(1, forwards);
    }

    @Test
    void rejectedAndExpiredIntentsAreRefusedWithTheirStatus() throws Exception {
        Intent r = request("review", "agt_a", "d1").intent();
        get(intents.reject(r.id(), new Principal.Admin(), "no"));
        assertEquals("rejected", ((ForwardGrant.Refused) get(proxy.use(r.id(), "agt_a", "d1", "a"))).code());

        Intent e = request("review", "agt_a", "d2").intent();
        clock.advance(Duration.ofMinutes(11));
        assertEquals("expired", ((ForwardGrant.Refused) get(proxy.use(e.id(), "agt_a", "d2", "a"))).code());
        assertInstanceOf(ProposeResult.Created.class, request("review", "agt_a", "d2"), "an expired intent is not joined");
    }
}
