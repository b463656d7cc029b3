package dev.tollgate.tasks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Single use under races, and continuation across restarts (§7.3, §7.6). */
class TaskServiceRestartTest extends Harness {

    @Test void sixteenConcurrentApprovalsRunTheStepOnce() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        PendingAction a = action(s.actionId());
        ExecutorService racers = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CompletableFuture<ActionDecision>>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String reviewer = "reviewer:" + i;
            calls.add(racers.submit(() -> {
                go.await();
                return tasks.approve(a.id(), reviewer, a.commandDigest());
            }));
        }
        // A recovery pass racing with them may also pick up the approved step: still once.
        go.countDown();
        CompletableFuture<RecoveryReport> recovery = tasks.recoverAfterRestart();
        int won = 0;
        int refused = 0;
        List<CompletableFuture<Step>> executions = new ArrayList<>();
        for (Future<CompletableFuture<ActionDecision>> c : calls) {
            try {
                ActionDecision d = c.get(20, TimeUnit.SECONDS).get(20, TimeUnit.SECONDS);
                executions.add(d.execution());
                won++;
            } catch (ExecutionException e) {
                assertEquals(TaskError.ALREADY_DECIDED, ((TaskException) e.getCause()).error());
                refused++;
            }
        }
        racers.shutdown();
        assertEquals(1, won);
        assertEquals(15, refused);
        for (CompletableFuture<Step> e : executions) get(e);
        get(get(recovery).relaunched());
        assertEquals(StepStatus.COMPLETED, reload(s).status());
        assertEquals(1, performer.runsOf(s.id()), "performed exactly once");
        assertEquals(ActionStatus.CONSUMED, action(a.id()).status());
        assertEquals(1, types(t).stream().filter("step_started"::equals).count());
    }

    @Test void aPendingActionSurvivesARestartAndRunsOnceWhenApproved() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        PendingAction before = action(s.actionId());
        restart();
        RecoveryReport r = get(tasks.recoverAfterRestart());
        assertEquals(List.of(), r.interrupted());
        assertEquals(List.of(), r.expired());
        assertEquals(List.of(), get(r.relaunched()));
        assertEquals(before, action(s.actionId()), "still pending, unchanged");
        ActionDecision d = get(tasks.approve(before.id(), REVIEWER, before.commandDigest()));
        assertEquals(StepStatus.COMPLETED, get(d.execution()).status());
        assertEquals(1, performer.runsOf(s.id()));
        assertEquals(TaskError.ALREADY_DECIDED,
                failure(tasks.approve(before.id(), REVIEWER, before.commandDigest())).error());
    }

    @Test void anOverdueActionExpiresAtRestart() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        restart();
        clock.advance(TIMEOUT.plusSeconds(1));
        RecoveryReport r = get(tasks.recoverAfterRestart());
        assertEquals(List.of(s.actionId()), r.expired().stream().map(PendingAction::id).toList());
        assertEquals(StepStatus.EXPIRED, reload(s).status());
    }

    @Test void aStepRunningAtTheCrashIsInterruptedAndNeverRerun() throws Exception {
        Task t = dispatch();
        performer.hang = true;
        CompletableFuture<Step> inFlight = tasks.requestStep(AGENT, t.id(), shell("ls"));
        assertTrue(performer.started.await(20, TimeUnit.SECONDS));
        Step running = get(tasks.getTask(t.id(), java.util.Optional.empty())).steps().get(0);
        assertEquals(StepStatus.RUNNING, running.status(), "durably running before the performer was called");
        restart(); // the process "dies": the old run's result never arrives
        performer.hang = false;
        RecoveryReport r = get(tasks.recoverAfterRestart());
        assertEquals(List.of(running.id()), r.interrupted().stream().map(Step::id).toList());
        assertEquals(StepStatus.INTERRUPTED, reload(running).status());
        assertEquals(List.of(), get(r.relaunched()));
        get(get(tasks.recoverAfterRestart()).relaunched());
        assertEquals(1, performer.runsOf(running.id()), "never re-run on its own");
        assertEquals("step_interrupted", types(t).get(types(t).size() - 1));
        assertTrue(!inFlight.isDone() || inFlight.isCompletedExceptionally());
    }

    @Test void anApprovedActionNotYetConsumedAtTheCrashRunsOnceAfterRestart() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        PendingAction a = action(s.actionId());
        governor.stallCall = governor.calls.get() + 1; // the re-validation after approval hangs
        ActionDecision d = get(tasks.approve(a.id(), REVIEWER, a.commandDigest()));
        assertTrue(governor.stalled.await(20, TimeUnit.SECONDS));
        assertEquals(ActionStatus.APPROVED, action(a.id()).status(), "approved, durably, not consumed");
        restart(); // dies before the consume
        RecoveryReport r = get(tasks.recoverAfterRestart());
        List<Step> relaunched = get(r.relaunched());
        assertEquals(List.of(StepStatus.COMPLETED), relaunched.stream().map(Step::status).toList());
        assertEquals(ActionStatus.CONSUMED, action(a.id()).status());
        governor.release.countDown(); // the old process's run wakes up: its store is gone, it cannot run
        assertTrue(d.execution().handle((x, e) -> true).get(20, TimeUnit.SECONDS));
        get(get(tasks.recoverAfterRestart()).relaunched());
        assertEquals(1, performer.runsOf(s.id()));
    }

    @Test void anApprovedActionPastItsExpiryAtRestartExpiresInsteadOfRunning() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        PendingAction a = action(s.actionId());
        governor.stallCall = governor.calls.get() + 1;
        get(tasks.approve(a.id(), REVIEWER, a.commandDigest()));
        assertTrue(governor.stalled.await(20, TimeUnit.SECONDS));
        restart();
        governor.release.countDown();
        clock.advance(TIMEOUT);
        List<Step> relaunched = get(get(tasks.recoverAfterRestart()).relaunched());
        assertEquals(List.of(StepStatus.EXPIRED), relaunched.stream().map(Step::status).toList());
        assertEquals(ActionStatus.EXPIRED, action(a.id()).status());
        assertEquals(0, performer.total.get());
    }

    @Test void retriesRacingAStalledRunStillRunItOnce() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        PendingAction a = action(s.actionId());
        governor.stallCall = governor.calls.get() + 1;
        ActionDecision d = get(tasks.approve(a.id(), REVIEWER, a.commandDigest()));
        assertTrue(governor.stalled.await(20, TimeUnit.SECONDS));
        // Eight retries (recovery passes) see the approved, unconsumed step and try to run it too.
        List<CompletableFuture<List<Step>>> retries = new ArrayList<>();
        for (int i = 0; i < 8; i++) retries.add(get(tasks.recoverAfterRestart()).relaunched());
        for (CompletableFuture<List<Step>> r : retries) get(r);
        governor.release.countDown();
        get(d.execution());
        assertEquals(1, performer.runsOf(s.id()));
        assertEquals(ActionStatus.CONSUMED, action(a.id()).status());
        assertEquals(StepStatus.COMPLETED, reload(s).status());
        assertEquals(1, types(t).stream().filter("step_started"::equals).count());
    }
}
