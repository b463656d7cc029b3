package dev.tollgate.tasks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** GET /v1/tasks/:id/steps/:step_id?wait=: completed by the commit, or by the timeout, without parked threads. */
class AwaitStepTest extends Harness {

    @Test void aPollerWakesWhenTheApprovedStepEnds() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        CompletableFuture<Step> poll = tasks.awaitStep(t.id(), s.id(), Optional.of(AGENT), Duration.ofSeconds(30));
        Thread.sleep(100);
        assertFalse(poll.isDone(), "still waiting for a decision");
        PendingAction a = action(s.actionId());
        get(tasks.approve(a.id(), REVIEWER, a.commandDigest()));
        Step ended = get(poll);
        assertEquals(StepStatus.COMPLETED, ended.status());
        assertEquals(0, tasks.waiting(), "the waiter was removed");
    }

    @Test void aPollerWakesOnADenial() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        CompletableFuture<Step> poll = tasks.awaitStep(t.id(), s.id(), Optional.empty(), Duration.ofSeconds(30));
        get(tasks.deny(s.actionId(), REVIEWER, null));
        assertEquals(StepStatus.STOPPED_BY_USER, get(poll).status());
    }

    @Test void theWaitEndsWithTheStepStillWaiting() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        long start = System.nanoTime();
        Step after = get(tasks.awaitStep(t.id(), s.id(), Optional.of(AGENT), Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= 150_000_000L, "waited");
        assertEquals(StepStatus.PENDING_APPROVAL, after.status());
        assertEquals(0, tasks.waiting());
    }

    @Test void anEndedStepAnswersAtOnceAndOthersCannotPoll() throws Exception {
        Task t = dispatch();
        Step s = step(t, "ls");
        assertEquals(StepStatus.COMPLETED,
                get(tasks.awaitStep(t.id(), s.id(), Optional.of(AGENT), Duration.ofSeconds(60))).status());
        assertEquals(TaskError.NOT_FOUND,
                failure(tasks.awaitStep(t.id(), s.id(), Optional.of(OTHER), Duration.ofSeconds(1))).error());
    }
}
