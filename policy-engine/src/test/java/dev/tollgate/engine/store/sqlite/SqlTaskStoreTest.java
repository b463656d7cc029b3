package dev.tollgate.engine.store.sqlite;

import static dev.tollgate.engine.store.sqlite.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.task.ActionQuery;
import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.task.Identity;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepChange;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.task.TaskQuery;
import dev.tollgate.engine.task.TaskStatus;
import dev.tollgate.engine.task.Wallet;
import dev.tollgate.engine.task.WalletScope;
import dev.tollgate.engine.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task-channel tables: round trips, and every compare-and-set both when it wins and when it refuses. */
class SqlTaskStoreTest {
    @TempDir Path dir;
    SqliteStore store;

    static final Identity WHO = new Identity("u1", "t1", "o1");

    @BeforeEach void open() { store = Fixtures.open(dir); }

    @AfterEach void close() { store.close(); }

    private <T> T write(Store.WriteJob<T> job) { return store.write(job).join(); }

    private <T> T read(Store.ReadJob<T> job) { return store.read(job).join(); }

    private boolean cas(Store.WriteJob<Boolean> job) { return store.write(job).join(); }

    private long balance(Store.WriteJob<Long> job) { return store.write(job).join(); }

    private int seq(Store.ReadJob<Integer> job) { return store.read(job).join(); }

    static Task task(String id, String agent) {
        return new Task(id, "gw-test", agent, WHO, Json.object().put("tool", "shell"), null,
                Json.object().put("k", "v"), TaskStatus.RUNNING, T0, T0);
    }

    static Step step(String id, String taskId, int seq, StepStatus status) {
        return new Step(id, taskId, seq, "shell", Json.object().put("op", "shell").put("command", "ls"), status,
                "safe", "reads only", null, null, null, 0, null, null, T0.plusSeconds(seq), null, null);
    }

    static PendingAction action(String id, String taskId, String stepId) {
        return new PendingAction(id, taskId, stepId, "gw-test", "agt_a", WHO, "shell", "rm -rf build", "/srv/p",
                "destructive", "recursive delete", "build", "d".repeat(64), "pv1", ActionStatus.PENDING, null, null,
                null, T0, T0.plusSeconds(300), null);
    }

    private void seed() {
        write(tx -> {
            tx.tasks().insertTask(task("tsk_1", "agt_a"));
            tx.tasks().insertStep(step("stp_1", "tsk_1", 1, StepStatus.PENDING_APPROVAL), "{\"content\":\"x\"}");
            tx.tasks().insertAction(action("act_1", "tsk_1", "stp_1"));
            return null;
        });
    }

    @Test void recordsRoundTripEveryField() {
        seed();
        assertEquals(task("tsk_1", "agt_a"), read(r -> r.taskReads().task("tsk_1")).orElseThrow());
        assertEquals(step("stp_1", "tsk_1", 1, StepStatus.PENDING_APPROVAL),
                read(r -> r.taskReads().step("stp_1")).orElseThrow());
        assertEquals(action("act_1", "tsk_1", "stp_1"), read(r -> r.taskReads().action("act_1")).orElseThrow());
        assertEquals("{\"content\":\"x\"}", read(r -> r.taskReads().stepBody("stp_1")).orElseThrow());
        assertEquals(2, seq(r -> r.taskReads().nextStepSeq("tsk_1")));
        assertEquals(1, seq(r -> r.taskReads().nextStepSeq("tsk_other")));
    }

    @Test void actionIsApprovedOnceAndConsumedOnce() {
        seed();
        assertFalse(cas(tx -> tx.tasks().consumeAction("act_1", T0)), "a pending action cannot be consumed");
        assertTrue(cas(tx -> tx.tasks().decideAction("act_1", ActionStatus.PENDING, ActionStatus.APPROVED,
                "reviewer:ann", null, T0.plusSeconds(1))));
        assertFalse(cas(tx -> tx.tasks().decideAction("act_1", ActionStatus.PENDING, ActionStatus.APPROVED,
                "reviewer:bob", null, T0.plusSeconds(2))), "second approval refused");
        assertFalse(cas(tx -> tx.tasks().decideAction("act_1", ActionStatus.PENDING, ActionStatus.DENIED,
                "reviewer:bob", "no", T0.plusSeconds(2))), "a decided action cannot be denied");
        assertTrue(cas(tx -> tx.tasks().consumeAction("act_1", T0.plusSeconds(3))));
        assertFalse(cas(tx -> tx.tasks().consumeAction("act_1", T0.plusSeconds(4))), "consumed once");
        PendingAction a = read(r -> r.taskReads().action("act_1")).orElseThrow();
        assertEquals(ActionStatus.CONSUMED, a.status());
        assertEquals("reviewer:ann", a.decidedBy());
        assertEquals(T0.plusSeconds(1), a.decidedAt());
        assertEquals(T0.plusSeconds(3), a.consumedAt());
    }

    @Test void concurrentConsumesHaveOneWinner() {
        seed();
        write(tx -> tx.tasks().decideAction("act_1", ActionStatus.PENDING, ActionStatus.APPROVED, "r", null, T0));
        List<CompletableFuture<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 32; i++) racers.add(store.write(tx -> tx.tasks().consumeAction("act_1", T0)));
        assertEquals(1, racers.stream().filter(CompletableFuture::join).count());
    }

    @Test void stepTransitionsOnlyFromExpectedStates() {
        seed();
        assertFalse(cas(tx -> tx.tasks().casStep("stp_1", Set.of(StepStatus.APPROVED),
                StepChange.to(StepStatus.RUNNING, T0))));
        assertTrue(cas(tx -> tx.tasks().casStep("stp_1", Set.of(StepStatus.PENDING_APPROVAL, StepStatus.APPROVED),
                StepChange.to(StepStatus.RUNNING, T0.plusSeconds(5)))));
        Step running = read(r -> r.taskReads().step("stp_1")).orElseThrow();
        assertEquals(StepStatus.RUNNING, running.status());
        assertEquals(T0.plusSeconds(5), running.startedAt());
        assertNull(running.endedAt());
        assertTrue(read(r -> r.taskReads().stepBody("stp_1")).isPresent(), "body kept while running");
        assertTrue(cas(tx -> tx.tasks().casStep("stp_1", Set.of(StepStatus.RUNNING), new StepChange(
                StepStatus.COMPLETED, null, Json.object().put("exit_code", 0), T0.plusSeconds(6)))));
        Step done = read(r -> r.taskReads().step("stp_1")).orElseThrow();
        assertEquals(StepStatus.COMPLETED, done.status());
        assertEquals(T0.plusSeconds(5), done.startedAt());
        assertEquals(T0.plusSeconds(6), done.endedAt());
        assertEquals(0, done.result().get("exit_code").asInt());
        assertTrue(read(r -> r.taskReads().stepBody("stp_1")).isEmpty(), "withheld body dropped at the end");
        assertFalse(cas(tx -> tx.tasks().casStep("stp_1", Set.of(StepStatus.RUNNING),
                StepChange.to(StepStatus.INTERRUPTED, T0))), "an ended step stays ended");
    }

    @Test void duplicateSeqIsRefusedByTheDatabase() {
        seed();
        CompletionException e = assertThrows(CompletionException.class, () -> write(tx -> {
            tx.tasks().insertStep(step("stp_2", "tsk_1", 1, StepStatus.RUNNING), null);
            return null;
        }));
        assertTrue(e.getCause().getMessage().contains("UNIQUE"), e.getCause().getMessage());
    }

    @Test void oneActionPerStep() {
        seed();
        assertThrows(CompletionException.class, () -> write(tx -> {
            tx.tasks().insertAction(action("act_2", "tsk_1", "stp_1"));
            return null;
        }));
    }

    @Test void taskStatusCas() {
        seed();
        assertTrue(cas(tx -> tx.tasks().casTaskStatus("tsk_1", Set.of(TaskStatus.RUNNING), TaskStatus.CANCELLED,
                T0.plusSeconds(9))));
        assertFalse(cas(tx -> tx.tasks().casTaskStatus("tsk_1", Set.of(TaskStatus.RUNNING), TaskStatus.SUCCEEDED,
                T0.plusSeconds(10))));
        Task t = read(r -> r.taskReads().task("tsk_1")).orElseThrow();
        assertEquals(TaskStatus.CANCELLED, t.status());
        assertEquals(T0.plusSeconds(9), t.updatedAt());
    }

    @Test void walletDebitNeverGoesBelowZero() {
        assertFalse(cas(tx -> tx.tasks().debitWallet(WalletScope.USER, "u1", 1, T0)), "no wallet, no debit");
        assertEquals(10, balance(tx -> tx.tasks().creditWallet(WalletScope.USER, "u1", 10, T0)));
        assertEquals(15, balance(tx -> tx.tasks().creditWallet(WalletScope.USER, "u1", 5, T0)));
        assertTrue(cas(tx -> tx.tasks().debitWallet(WalletScope.USER, "u1", 15, T0)));
        assertFalse(cas(tx -> tx.tasks().debitWallet(WalletScope.USER, "u1", 1, T0)));
        assertEquals(List.of(new Wallet(WalletScope.USER, "u1", 0, T0)), read(r -> r.taskReads().wallets()));
        List<CompletableFuture<Boolean>> racers = new ArrayList<>();
        write(tx -> tx.tasks().creditWallet(WalletScope.TEAM, "t1", 10, T0));
        for (int i = 0; i < 20; i++) racers.add(store.write(tx -> tx.tasks().debitWallet(WalletScope.TEAM, "t1", 3, T0)));
        assertEquals(3, racers.stream().filter(CompletableFuture::join).count());
        assertEquals(1, read(r -> r.taskReads().wallet(WalletScope.TEAM, "t1")).orElseThrow().balance());
    }

    @Test void queriesFilterAndOrder() {
        seed();
        write(tx -> {
            tx.tasks().insertTask(task("tsk_2", "agt_b"));
            tx.tasks().insertStep(step("stp_2", "tsk_2", 1, StepStatus.RUNNING), null);
            tx.tasks().insertStep(step("stp_3", "tsk_2", 2, StepStatus.RUNNING), null);
            PendingAction b = action("act_2", "tsk_2", "stp_2");
            tx.tasks().insertAction(new PendingAction(b.id(), b.taskId(), b.stepId(), b.gatewayId(), "agt_b",
                    b.identity(), b.op(), b.preview(), b.cwd(), b.riskLevel(), b.riskReason(), b.scope(),
                    b.commandDigest(), b.policyVersion(), b.status(), null, null, null, T0.plusSeconds(1),
                    T0.plusSeconds(100), null));
            return null;
        });
        assertEquals(List.of("tsk_2"), read(r -> r.taskReads().tasks(new TaskQuery(null, "agt_b", 10)))
                .stream().map(Task::id).toList());
        assertEquals(2, read(r -> r.taskReads().tasks(new TaskQuery(TaskStatus.RUNNING, null, 10))).size());
        assertEquals(List.of("act_1", "act_2"), read(r -> r.taskReads().actions(
                new ActionQuery(ActionStatus.PENDING, null, null, 10))).stream().map(PendingAction::id).toList());
        assertEquals(List.of("act_2"), read(r -> r.taskReads().actions(
                new ActionQuery(null, "agt_b", null, 10))).stream().map(PendingAction::id).toList());
        assertEquals(List.of("stp_2", "stp_3"), read(r -> r.taskReads().stepsByStatus(StepStatus.RUNNING, 10))
                .stream().map(Step::id).toList());
        assertEquals(List.of("act_2"), read(r -> r.taskReads().overdueActions(T0.plusSeconds(100), 10))
                .stream().map(PendingAction::id).toList(), "expires_at <= now is overdue; act_1 is not yet");
        assertEquals(2, read(r -> r.taskReads().overdueActions(T0.plusSeconds(300), 10)).size());
    }

    @Test void recordStepDebitOnlyWhileHeld() {
        seed();
        write(tx -> {
            tx.tasks().insertStep(step("stp_h", "tsk_1", 2, StepStatus.HELD_INSUFFICIENT_BALANCE), null);
            return null;
        });
        assertFalse(cas(tx -> tx.tasks().recordStepDebit("stp_1", 5, WalletScope.TEAM, "t1")));
        assertTrue(cas(tx -> tx.tasks().recordStepDebit("stp_h", 5, WalletScope.TEAM, "t1")));
        Step s = read(r -> r.taskReads().step("stp_h")).orElseThrow();
        assertEquals(5, s.cost());
        assertEquals(WalletScope.TEAM, s.walletScope());
        assertEquals("t1", s.walletId());
    }
}
