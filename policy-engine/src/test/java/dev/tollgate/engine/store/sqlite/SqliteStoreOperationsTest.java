package dev.tollgate.engine.store.sqlite;

import static dev.tollgate.engine.store.sqlite.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.agent.Reviewer;
import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.execution.Execution;
import dev.tollgate.engine.execution.ExecutionStatus;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentCounts;
import dev.tollgate.engine.intent.IntentQuery;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ReasonCode;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.util.Ids;
import dev.tollgate.engine.util.Json;
import dev.tollgate.engine.webhook.Webhook;
import dev.tollgate.engine.webhook.WebhookDelivery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operation of the contract, each compare-and-set both when it wins and when it refuses. */
class SqliteStoreOperationsTest {
    @TempDir Path dir;
    SqliteStore store;

    @BeforeEach void open() { store = Fixtures.open(dir); }

    @AfterEach void close() { store.close(); }

    private <T> T write(Store.WriteJob<T> job) { return store.write(job).join(); }

    private <T> T read(Store.ReadJob<T> job) { return store.read(job).join(); }

    private boolean cas(Store.WriteJob<Boolean> job) { return store.write(job).join(); }

    @Test void intentRoundTripsEveryField() {
        Intent i = Fixtures.intent(Ids.intent(), "agt_a", "k1", IntentStatus.APPROVED, T0, T0.plusSeconds(60))
                .decided(IntentStatus.APPROVED, ReasonCode.APPROVED_BY_POLICY, "fine", "rev_1", T0.plusSeconds(5));
        assertTrue(cas(tx -> tx.insertIntent(i)));
        assertEquals(i, read(r -> r.intent(i.id())).orElseThrow());
    }

    @Test void intentWithNullOptionalFieldsRoundTrips() {
        Intent i = new Intent(Ids.intent(), "agt_a", null, null, null, null, null, null, null, 0, null,
                IntentStatus.BLOCKED, null, null, 0.0, null, null, null, null, null, T0, null, null, null, null, null);
        assertTrue(cas(tx -> tx.insertIntent(i)));
        assertEquals(i, read(r -> r.intent(i.id())).orElseThrow());
    }

    @Test void insertIntentRefusesARepeatedIdempotencyKeyOfTheSameAgent() {
        Intent first = Fixtures.pending("agt_a", "same");
        Intent again = Fixtures.pending("agt_a", "same");
        assertTrue(cas(tx -> tx.insertIntent(first)));
        assertFalse(cas(tx -> tx.insertIntent(again)));
        assertTrue(read(r -> r.intent(again.id())).isEmpty(), "nothing inserted");
        assertEquals(first.id(), read(r -> r.intentByIdempotencyKey("agt_a", "same")).orElseThrow().id());
        // Another agent's key space is its own; no key never conflicts.
        assertTrue(cas(tx -> tx.insertIntent(Fixtures.pending("agt_b", "same"))));
        assertTrue(cas(tx -> tx.insertIntent(Fixtures.pending("agt_a", null))));
        assertTrue(cas(tx -> tx.insertIntent(Fixtures.pending("agt_a", null))));
    }

    @Test void casIntentStatusMovesOnlyFromTheExpectedStatuses() {
        Intent i = Fixtures.pending("agt_a", null);
        write(tx -> tx.insertIntent(i));
        Intent approved = i.decided(IntentStatus.APPROVED, null, null, "rev_1", T0.plusSeconds(30));
        assertFalse(cas(tx -> tx.casIntentStatus(i.id(), Set.of(IntentStatus.APPROVED), approved)));
        assertFalse(cas(tx -> tx.casIntentStatus(i.id(), Set.of(), approved)));
        assertFalse(cas(tx -> tx.casIntentStatus("int_missing", Set.of(IntentStatus.PENDING_APPROVAL), approved)));
        assertEquals(IntentStatus.PENDING_APPROVAL, read(r -> r.intent(i.id())).orElseThrow().status());

        assertTrue(cas(tx -> tx.casIntentStatus(i.id(),
                Set.of(IntentStatus.PENDING_APPROVAL, IntentStatus.BLOCKED), approved)));
        Intent stored = read(r -> r.intent(i.id())).orElseThrow();
        assertEquals(IntentStatus.APPROVED, stored.status());
        assertEquals("rev_1", stored.decidedBy());
        assertEquals(T0.plusSeconds(30), stored.decidedAt());
        assertNull(stored.reasonCode());
        // A second decision loses: the intent is no longer pending.
        Intent rejected = i.decided(IntentStatus.BLOCKED, ReasonCode.REJECTED_BY_REVIEWER, "no", "rev_2", T0);
        assertFalse(cas(tx -> tx.casIntentStatus(i.id(), Set.of(IntentStatus.PENDING_APPROVAL), rejected)));
        assertEquals("rev_1", read(r -> r.intent(i.id())).orElseThrow().decidedBy());
    }

    @Test void markIntentUsedOnlyOnceAndOnlyWhenApproved() {
        Intent pending = Fixtures.pending("agt_a", null);
        write(tx -> tx.insertIntent(pending));
        assertFalse(cas(tx -> tx.markIntentUsed(pending.id(), T0)), "not approved");
        write(tx -> tx.casIntentStatus(pending.id(), Set.of(IntentStatus.PENDING_APPROVAL),
                pending.decided(IntentStatus.APPROVED, null, null, "rev", T0)));
        assertTrue(cas(tx -> tx.markIntentUsed(pending.id(), T0.plusSeconds(1))));
        assertFalse(cas(tx -> tx.markIntentUsed(pending.id(), T0.plusSeconds(2))), "single use");
        assertEquals(T0.plusSeconds(1), read(r -> r.intent(pending.id())).orElseThrow().usedAt());
        assertFalse(cas(tx -> tx.markIntentUsed("int_missing", T0)));
    }

    @Test void executionCasAndLookups() {
        Intent i = Fixtures.pending("agt_a", null);
        Execution e = new Execution(Ids.execution(), i.id(), "agt_a", "runner_exec", ExecutionStatus.PENDING, null,
                T0, T0.plus(Duration.ofMinutes(15)), null);
        write(tx -> {
            tx.insertIntent(i);
            tx.insertExecution(e, "tokenhash1");
            return null;
        });
        assertEquals(e, read(r -> r.execution(e.id())).orElseThrow());
        assertEquals(e.id(), read(r -> r.executionByTokenHash("tokenhash1")).orElseThrow().id());
        assertEquals("tokenhash1", read(r -> r.executionTokenHash(e.id())).orElseThrow());
        assertTrue(read(r -> r.executionTokenHash("exe_missing")).isEmpty());
        assertEquals(e.id(), read(r -> r.activeExecution(i.id())).orElseThrow().id());

        JsonNode report = Json.object().put("ok", true);
        Set<ExecutionStatus> open = Set.of(ExecutionStatus.PENDING, ExecutionStatus.EXECUTING);
        assertTrue(cas(tx -> tx.casExecutionStatus(e.id(), open, ExecutionStatus.SUCCEEDED, report, T0.plusSeconds(9))));
        assertFalse(cas(tx -> tx.casExecutionStatus(e.id(), open, ExecutionStatus.FAILED, null, T0)), "reported once");
        Execution done = read(r -> r.execution(e.id())).orElseThrow();
        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(report, done.workerReport());
        assertEquals(T0.plusSeconds(9), done.completedAt());
        assertTrue(read(r -> r.activeExecution(i.id())).isEmpty());
    }

    @Test void executionTokenHashIsUnique() {
        Intent i = Fixtures.pending("agt_a", null);
        write(tx -> tx.insertIntent(i));
        Execution a = new Execution(Ids.execution(), i.id(), "agt_a", "m", ExecutionStatus.PENDING, null, T0, T0, null);
        Execution b = new Execution(Ids.execution(), i.id(), "agt_a", "m", ExecutionStatus.PENDING, null, T0, T0, null);
        write(tx -> {
            tx.insertExecution(a, "same");
            return null;
        });
        assertThrows(CompletionException.class, () -> write(tx -> {
            tx.insertExecution(b, "same");
            return null;
        }));
    }

    @Test void agentsAndReviewers() {
        Agent a = Fixtures.agent(Ids.agent());
        Reviewer rev = new Reviewer(Ids.reviewer(), "Rita", true, T0);
        write(tx -> {
            tx.insertAgent(a, "agentkeyhash");
            tx.insertReviewer(rev, "reviewerkeyhash");
            return null;
        });
        assertEquals(a, read(r -> r.agent(a.id())).orElseThrow());
        assertEquals(a, read(r -> r.agentByKeyHash("agentkeyhash")).orElseThrow());
        assertEquals(List.of(a), read(r -> r.agents()));
        assertEquals(rev, read(r -> r.reviewerByKeyHash("reviewerkeyhash")).orElseThrow());
        assertEquals(List.of(rev), read(r -> r.reviewers()));

        assertTrue(cas(tx -> tx.setAgentStatus(a.id(), AgentStatus.SUSPENDED)));
        assertTrue(cas(tx -> tx.setAgentStatus(a.id(), AgentStatus.REVOKED)));
        assertFalse(cas(tx -> tx.setAgentStatus(a.id(), AgentStatus.ACTIVE)), "revocation is final");
        assertFalse(cas(tx -> tx.setAgentStatus("agt_missing", AgentStatus.ACTIVE)));
        assertEquals(AgentStatus.REVOKED, read(r -> r.agent(a.id())).orElseThrow().status());
    }

    @Test void intentQueriesAndCounts() {
        Instant t = T0;
        Intent old = Fixtures.intent(Ids.intent(), "agt_a", null, IntentStatus.PENDING_APPROVAL, t, t.plusSeconds(10));
        Intent mid = Fixtures.intent(Ids.intent(), "agt_a", null, IntentStatus.PENDING_APPROVAL, t.plusSeconds(1),
                t.plusSeconds(5));
        Intent other = Fixtures.intent(Ids.intent(), "agt_b", null, IntentStatus.BLOCKED, t.plusSeconds(2), null);
        write(tx -> List.of(old, mid, other).stream().allMatch(tx::insertIntent));

        assertEquals(List.of(other.id(), mid.id(), old.id()),
                read(r -> r.intents(new IntentQuery(null, null, 10))).stream().map(Intent::id).toList());
        assertEquals(List.of(mid.id()),
                read(r -> r.intents(new IntentQuery(IntentStatus.PENDING_APPROVAL, "agt_a", 1))).stream()
                        .map(Intent::id).toList());
        assertEquals(List.of(other.id()),
                read(r -> r.intents(new IntentQuery(null, "agt_b", 10))).stream().map(Intent::id).toList());
        assertEquals(2L, (long) read(r -> r.countIntentsSince("agt_a", t)));
        assertEquals(1L, (long) read(r -> r.countIntentsSince("agt_a", t.plusSeconds(1))));
        assertEquals(List.of(mid.id(), old.id()),
                read(r -> r.overduePending(t.plusSeconds(11), 10)).stream().map(Intent::id).toList());
        assertEquals(List.of(mid.id()),
                read(r -> r.overduePending(t.plusSeconds(6), 10)).stream().map(Intent::id).toList());

        // Approval latency: a person's approvals only (10 s and 30 s), not the system's nor a rejection.
        write(tx -> {
            tx.casIntentStatus(old.id(), Set.of(IntentStatus.PENDING_APPROVAL),
                    old.decided(IntentStatus.APPROVED, null, null, "rev_1", t.plusSeconds(10)));
            tx.casIntentStatus(mid.id(), Set.of(IntentStatus.PENDING_APPROVAL),
                    mid.decided(IntentStatus.APPROVED, null, null, "rev_1", t.plusSeconds(31)));
            Intent sys = Fixtures.intent(Ids.intent(), "agt_c", null, IntentStatus.APPROVED, t, null)
                    .decided(IntentStatus.APPROVED, ReasonCode.APPROVED_BY_POLICY, null, "system", t.plusSeconds(500));
            Intent rej = Fixtures.intent(Ids.intent(), "agt_c", null, IntentStatus.BLOCKED, t, null)
                    .decided(IntentStatus.BLOCKED, ReasonCode.REJECTED_BY_REVIEWER, "no", "rev_2", t.plusSeconds(900));
            tx.insertIntent(sys);
            tx.insertIntent(rej);
            tx.incrementCounter(dev.tollgate.engine.intent.IntentCounts.DUPLICATES_COUNTER);
            tx.incrementCounter(dev.tollgate.engine.intent.IntentCounts.DUPLICATES_COUNTER);
            tx.incrementCounter("other");
            return null;
        });
        IntentCounts c = read(r -> r.intentCounts());
        assertEquals(3, c.get(IntentStatus.APPROVED));
        assertEquals(2, c.get(IntentStatus.BLOCKED));
        assertEquals(0, c.get(IntentStatus.PENDING_APPROVAL));
        assertEquals(5, c.total());
        assertEquals(2, c.duplicates());
        assertEquals(20_000, c.avgApprovalLatencyMs());
    }

    @Test void countsOfAnEmptyStoreAreZero() {
        IntentCounts c = read(r -> r.intentCounts());
        assertEquals(0, c.total());
        assertEquals(0, c.duplicates());
        assertEquals(0, c.avgApprovalLatencyMs());
    }

    @Test void liveIntentByRequestDigestFindsTheNewestPendingOrUnusedApproved() {
        Intent unused = withDigest(Fixtures.intent(Ids.intent(), "agt_a", null, IntentStatus.APPROVED, T0, null), "d1");
        Intent pending = withDigest(Fixtures.intent(Ids.intent(), "agt_a", null, IntentStatus.PENDING_APPROVAL,
                T0.plusSeconds(1), null), "d1");
        Intent used = withDigest(Fixtures.intent(Ids.intent(), "agt_a", null, IntentStatus.APPROVED,
                T0.plusSeconds(2), null), "d1");
        Intent done = withDigest(Fixtures.intent(Ids.intent(), "agt_a", null, IntentStatus.SUCCEEDED,
                T0.plusSeconds(3), null), "d1");
        write(tx -> tx.insertIntent(unused) && tx.insertIntent(pending) && tx.insertIntent(used)
                && tx.insertIntent(done) && tx.markIntentUsed(used.id(), T0.plusSeconds(2)));
        assertEquals(pending.id(), read(r -> r.liveIntentByRequestDigest("agt_a", "d1")).orElseThrow().id(),
                "the newest live one; used and finished intents are not joinable");
        assertTrue(read(r -> r.liveIntentByRequestDigest("agt_b", "d1")).isEmpty(), "another agent's");
        assertTrue(read(r -> r.liveIntentByRequestDigest("agt_a", "d2")).isEmpty(), "another request's");
        write(tx -> tx.casIntentStatus(pending.id(), Set.of(IntentStatus.PENDING_APPROVAL),
                pending.withStatus(IntentStatus.BLOCKED)));
        assertEquals(unused.id(), read(r -> r.liveIntentByRequestDigest("agt_a", "d1")).orElseThrow().id());
        write(tx -> tx.markIntentUsed(unused.id(), T0.plusSeconds(5)));
        assertTrue(read(r -> r.liveIntentByRequestDigest("agt_a", "d1")).isEmpty());
    }

    @Test void completeUsedIntentNeedsAnApprovedUsedIntentAndHappensOnce() {
        Intent i = Fixtures.intent(Ids.intent(), "agt_a", null, IntentStatus.APPROVED, T0, null);
        write(tx -> tx.insertIntent(i));
        assertFalse(cas(tx -> tx.completeUsedIntent(i.id(), IntentStatus.SUCCEEDED)), "not used yet");
        write(tx -> tx.markIntentUsed(i.id(), T0));
        assertTrue(cas(tx -> tx.completeUsedIntent(i.id(), IntentStatus.SUCCEEDED)));
        assertFalse(cas(tx -> tx.completeUsedIntent(i.id(), IntentStatus.FAILED)), "the outcome is final");
        assertEquals(IntentStatus.SUCCEEDED, read(r -> r.intent(i.id())).orElseThrow().status());
    }

    private static Intent withDigest(Intent i, String digest) {
        return new Intent(i.id(), i.agentId(), i.agentName(), i.onBehalfOf(), i.destination(), i.policyId(),
                i.policyVersion(), i.payloadHash(), i.payloadType(), i.payloadSize(), i.recordCount(), i.status(),
                i.reasonCode(), i.blockReason(), i.riskScore(), i.riskLevel(), i.idempotencyKey(), i.metadata(), digest,
                i.usedAt(), i.createdAt(), i.expiresAt(), i.decidedAt(), i.decidedBy(), i.estimatedValueUsd(),
                i.sensitivityTags());
    }

    @Test void auditEventsAreChainedAndQueryable() {
        Intent i = Fixtures.pending("agt_a", null);
        List<AuditEvent> appended = write(tx -> {
            tx.insertIntent(i);
            return List.of(tx.appendAudit(Fixtures.draft(i.id(), "proposed")),
                    tx.appendAudit(new AuditDraft(null, "tsk_1", "task_dispatched", "gw", null, T0)),
                    tx.appendAudit(Fixtures.draft(i.id(), "approved")));
        });
        assertEquals(List.of(1L, 2L, 3L), appended.stream().map(AuditEvent::seq).toList());
        assertEquals(appended.get(0).hash(), appended.get(1).prevHash());
        assertEquals(List.of(appended.get(0), appended.get(2)), read(r -> r.auditForIntent(i.id())));
        assertEquals(List.of(appended.get(1)), read(r -> r.auditForTask("tsk_1")));
        assertEquals(appended.subList(1, 3), read(r -> r.auditSince(1, 10)));
        assertEquals(appended.subList(0, 1), read(r -> r.auditSince(0, 1)));
    }

    /**
     * Several events at once (as a proxied request appends them) are the same chain as one at a
     * time: consecutive seqs, each linked to the one before, hashes that verify, stored as
     * returned — across the boundary between two INSERT statements too.
     */
    @Test void eventsAppendedTogetherAreChainedLikeSingleOnes() {
        Intent i = Fixtures.pending("agt_a", null);
        Intent other = Fixtures.pending("agt_b", null);
        int n = SqlTx.AUDIT_ROWS_PER_INSERT + 2;
        List<AuditEvent> appended = write(tx -> {
            tx.insertIntent(i);
            tx.insertIntent(other);
            AuditEvent before = tx.appendAudit(Fixtures.draft(other.id(), "proposed"));
            java.util.ArrayList<AuditDraft> drafts = new java.util.ArrayList<>();
            for (int k = 0; k < n; k++) drafts.add(Fixtures.draft(k == 2 ? other.id() : i.id(), "event_" + k));
            java.util.ArrayList<AuditEvent> all = new java.util.ArrayList<>(List.of(before));
            all.addAll(tx.appendAudits(drafts));
            all.add(tx.appendAudit(Fixtures.draft(i.id(), "after")));
            return all;
        });
        AuditChain chain = Fixtures.chain(1);
        for (int k = 0; k < appended.size(); k++) {
            AuditEvent e = appended.get(k);
            assertEquals(k + 1, e.seq());
            assertEquals(k == 0 ? AuditChain.GENESIS : appended.get(k - 1).hash(), e.prevHash());
            assertTrue(chain.verifies(e), "event " + e.seq() + " verifies");
        }
        assertEquals(appended, read(r -> r.auditSince(0, 100)));
        List<AuditEvent> trail = read(r -> r.auditForIntent(i.id()));
        assertEquals(n, trail.size(), "the intent's own events, in order, and not the other intent's");
        assertEquals(appended.stream().filter(e -> i.id().equals(e.intentId())).toList(), trail);
    }

    @Test void webhooksAndDeliveries() {
        Intent i = Fixtures.pending("agt_a", null);
        Webhook w = new Webhook(Ids.webhook(), i.id(), "agt_a", "https://example.com/h", "s3cret", T0);
        WebhookDelivery d = new WebhookDelivery(Ids.delivery(), w.id(), i.id(), "approved", "rev_1", T0, 0,
                T0, "pending", null);
        write(tx -> {
            tx.insertIntent(i);
            tx.insertWebhook(w);
            tx.insertDelivery(d);
            return null;
        });
        assertEquals(w, read(r -> r.webhook(w.id())).orElseThrow());
        assertEquals(List.of(w), read(r -> r.webhooksForIntent(i.id())));
        assertEquals(List.of(d), read(r -> r.dueDeliveries(T0, 10)));
        write(tx -> {
            tx.updateDelivery(d.id(), "pending", 1, T0.plusSeconds(10), "503 from receiver");
            return null;
        });
        assertEquals(List.of(), read(r -> r.dueDeliveries(T0.plusSeconds(9), 10)));
        WebhookDelivery retried = read(r -> r.dueDeliveries(T0.plusSeconds(10), 10)).get(0);
        assertEquals(1, retried.attempt());
        assertEquals("503 from receiver", retried.lastError());
        write(tx -> {
            tx.updateDelivery(d.id(), "delivered", 2, null, null);
            return null;
        });
        assertEquals(List.of(), read(r -> r.dueDeliveries(T0.plus(Duration.ofDays(2)), 10)));
    }

    @Test void foreignKeysAreEnforced() {
        Webhook orphan = new Webhook(Ids.webhook(), "int_missing", "agt_a", "https://example.com", null, T0);
        CompletionException e = assertThrows(CompletionException.class, () -> write(tx -> {
            tx.insertWebhook(orphan);
            return null;
        }));
        assertTrue(e.getCause().getMessage().contains("FOREIGN KEY"), e.getCause().getMessage());
    }

    @Test void metaIsUpserted() {
        write(tx -> {
            tx.putMeta("k", "1");
            tx.putMeta("k", "2");
            return null;
        });
        assertEquals("2", read(r -> r.meta("k")).orElseThrow());
        assertTrue(read(r -> r.meta("absent")).isEmpty());
    }

    @Test void aWriteSeesItsOwnUncommittedWrites() {
        Intent i = Fixtures.pending("agt_a", null);
        assertTrue(cas(tx -> tx.insertIntent(i) && tx.intent(i.id()).isPresent()));
    }
}
