package dev.tollgate.tasks.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.store.StoreTx;
import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepChange;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.util.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Starts steps and records how they ended. The rule everywhere: a step is marked {@code running}
 * (and its approval {@code consumed}) in a committed job before the performer is called, so a
 * crash, a retry or a second approval can never run it twice; a crash after that leaves it
 * {@code running}, which recovery turns into {@code interrupted}, never into a second run.
 */
final class StepRunner {
    private final Store store;
    private final StepGovernor governor;
    private final StepPerformer performer;
    private final TaskSettings settings;
    private final Clock clock;
    private final Executor compute;
    private final Publisher publisher;
    /** Steps this process is starting or running, with how many paths are at it (see {@link #guarded}). */
    private final ConcurrentHashMap<String, Integer> active = new ConcurrentHashMap<>();

    StepRunner(Store store, StepGovernor governor, StepPerformer performer, TaskSettings settings, Clock clock,
               Executor compute, Publisher publisher) {
        this.store = store;
        this.governor = governor;
        this.performer = performer;
        this.settings = settings;
        this.clock = clock;
        this.compute = compute;
        this.publisher = publisher;
    }

    static TaskContext context(Task task, String stepId) {
        return new TaskContext(task.gatewayId(), task.id(), stepId, task.agentId(), task.identity());
    }

    /**
     * Runs {@code work} (which may start the step) with the step counted as active in this process
     * from before its start is committed until its end is. Recovery skips active steps: a step
     * running here is not "running when the process died", so recovery may be called at any time.
     */
    <T> CompletableFuture<T> guarded(String stepId, Supplier<CompletableFuture<T>> work) {
        active.merge(stepId, 1, Integer::sum);
        CompletableFuture<T> f;
        try {
            f = work.get();
        } catch (RuntimeException | Error e) {
            leave(stepId);
            throw e;
        }
        return f.whenComplete((r, e) -> leave(stepId));
    }

    private void leave(String stepId) { active.computeIfPresent(stepId, (k, n) -> n == 1 ? null : n - 1); }

    boolean active(String stepId) { return active.containsKey(stepId); }

    /** The governor's verdict, computed off the caller's thread. */
    CompletableFuture<Assessment> assess(StepRequest request, TaskContext ctx) {
        return CompletableFuture.supplyAsync(() -> governor.assess(request, ctx), compute);
    }

    /** Runs a step already committed as {@code running}, then records its end. */
    CompletableFuture<Step> perform(Task task, Step running, StepRequest request, ActionSubject subject) {
        TaskContext ctx = context(task, running.id());
        return CompletableFuture.supplyAsync(() -> performer.perform(request, ctx), compute)
                .thenCompose(f -> f)
                .handle((outcome, failure) -> outcome != null ? outcome : couldNotRun())
                .thenCompose(outcome -> store.write(tx -> finish(tx, task, running, outcome, subject)))
                .thenApply(this::published);
    }

    private static StepOutcome couldNotRun() {
        // The exception's message may name host details; the agent gets a fixed answer.
        return StepOutcome.failed(Json.object().put("error", "the step could not be run"));
    }

    private Done finish(StoreTx tx, Task task, Step running, StepOutcome o, ActionSubject subject) {
        Changes ch = new Changes();
        Instant now = clock.instant();
        StepStatus to = o.status() == StepOutcome.Status.COMPLETED ? StepStatus.COMPLETED : StepStatus.FAILED;
        if (!tx.tasks().casStep(running.id(), Set.of(StepStatus.RUNNING), new StepChange(to, null, o.result(), now))) {
            return new Done(Transitions.step(tx, running.id()), ch);
        }
        ObjectNode facts = TaskAudit.resultFacts(o.result()).put("op", running.op()).put("action_id", running.actionId());
        if (o.bytes() > 0) facts.put("bytes", o.bytes());
        TaskAudit.append(tx, task, running.id(), to == StepStatus.COMPLETED ? TaskEvents.STEP_COMPLETED
                : TaskEvents.STEP_FAILED, TaskAudit.SYSTEM, now, facts);
        if (isFileOp(running.op())) {
            TaskAudit.append(tx, task, running.id(), TaskEvents.FILE_OPERATION, task.agentId(), now, Json.object()
                    .put("op", running.op()).put("path", subject.path()).put("outcome", to.wire())
                    .put("bytes", o.bytes()));
        }
        Step ended = Transitions.step(tx, running.id());
        ch.step(ended);
        return new Done(ended, ch);
    }

    static boolean isFileOp(String op) { return !"shell".equals(op); }

    /** A step and what its job changed, to publish after commit. */
    record Done(Step step, Changes changes) {}

    private Step published(Done d) {
        publisher.publish(d.changes());
        return d.step();
    }

    // ---- approved actions ----

    private record Snapshot(PendingAction action, Step step, Task task, String body) {}

    /**
     * Executes an approved action once: re-validates it (the governor again, the digest
     * recomputed, gateway, task, expiry and state), then consumes the approval and marks the step
     * running in one committed job, then performs it. Safe to call any number of times, from any
     * number of threads or processes: only the caller whose consume wins runs it. Completes with
     * the step as it ended (or as it is, when this call did not run it).
     */
    CompletableFuture<Step> runApproved(String actionId) {
        return store.read(r -> r.taskReads().action(actionId).map(a -> new Snapshot(a,
                r.taskReads().step(a.stepId()).orElseThrow(), r.taskReads().task(a.taskId()).orElseThrow(),
                r.taskReads().stepBody(a.stepId()).orElse(null)))).thenCompose(found -> {
                    if (found.isEmpty()) return CompletableFuture.failedFuture(TaskException.notFound("action " + actionId));
                    Snapshot s = found.get();
                    if (s.action().status() != ActionStatus.APPROVED || s.step().status() != StepStatus.APPROVED) {
                        return CompletableFuture.completedFuture(s.step());
                    }
                    StepRequest request = StepRequest.restore(s.step().request(), s.body());
                    TaskContext ctx = context(s.task(), s.step().id());
                    return guarded(s.step().id(), () -> assessOrEmpty(request, ctx)
                            .thenCompose(a -> store.write(tx -> startApproved(tx, actionId, ctx, a)))
                            .thenCompose(start -> launch(start, s.task(), request)));
                });
    }

    /** A governor failure at execution time refuses the run (empty), rather than failing the caller. */
    private CompletableFuture<Optional<Assessment>> assessOrEmpty(StepRequest request, TaskContext ctx) {
        return assess(request, ctx).handle((a, e) -> e == null ? Optional.of(a) : Optional.empty());
    }

    private record Start(Step step, ActionSubject subject, boolean started, Changes changes) {}

    private CompletableFuture<Step> launch(Start start, Task task, StepRequest request) {
        publisher.publish(start.changes());
        return start.started() ? perform(task, start.step(), request, start.subject())
                : CompletableFuture.completedFuture(start.step());
    }

    private Start startApproved(StoreTx tx, String actionId, TaskContext ctx, Optional<Assessment> assessment) {
        Changes ch = new Changes();
        Instant now = clock.instant();
        PendingAction a = Transitions.action(tx, actionId);
        Step step = Transitions.step(tx, a.stepId());
        Task task = tx.tasks().task(a.taskId()).orElseThrow();
        if (a.status() != ActionStatus.APPROVED || step.status() != StepStatus.APPROVED) {
            return new Start(step, null, false, ch); // someone else ran or ended it
        }
        String refusal = refusal(task, a, ctx, step, assessment, now);
        if ("expired".equals(refusal)) {
            Transitions.expire(tx, task, a, ActionStatus.APPROVED, now, ch);
        } else if (refusal != null) {
            StepStatus to = refusal.equals("task_not_running") ? StepStatus.CANCELLED : StepStatus.BLOCKED;
            Transitions.cancel(tx, task, a, to, refusal, "refused at execution: " + refusal, TaskAudit.SYSTEM, now, ch);
        } else if (tx.tasks().consumeAction(actionId, now)) {
            if (!tx.tasks().casStep(step.id(), Set.of(StepStatus.APPROVED), StepChange.to(StepStatus.RUNNING, now))) {
                throw new IllegalStateException("step " + step.id() + " left approved inside its own job");
            }
            TaskAudit.append(tx, task, step.id(), TaskEvents.STEP_STARTED, TaskAudit.SYSTEM, now, Json.object()
                    .put("op", step.op()).put("action_id", actionId).put("approved_by", a.decidedBy()));
            Step running = Transitions.step(tx, step.id());
            ch.decided.add(Transitions.action(tx, actionId));
            ch.step(running);
            return new Start(running, assessment.orElseThrow().subject(), true, ch);
        }
        return new Start(Transitions.step(tx, step.id()), null, false, ch);
    }

    /** Why an approved action may not run now (a reason code), or null when it may. */
    private String refusal(Task task, PendingAction a, TaskContext ctx, Step step, Optional<Assessment> assessment,
                           Instant now) {
        if (!task.running()) return "task_not_running";
        if (!settings.gatewayId().equals(a.gatewayId()) || !settings.gatewayId().equals(task.gatewayId())) {
            return "gateway_mismatch";
        }
        if (a.overdue(now)) return "expired";
        if (assessment.isEmpty()) return "revalidation_failed";
        Assessment now_ = assessment.get();
        if (now_.decision() == Decision.BLOCKED) return now_.reasonCode() == null ? "blocked" : now_.reasonCode();
        String digest = ActionDigest.of(ctx, step.op(), now_.subject(), now_.policyVersion());
        if (!Hashing.constantTimeEquals(digest, a.commandDigest())) return "digest_mismatch";
        return null;
    }

    // ---- resumed steps (held for balance, no approval needed) ----

    /**
     * Starts a step that needed no approval and was held for balance, once it is paid for. It is
     * classified again first: when it would no longer be a plain allow, it is blocked (refunded)
     * rather than run on a stale verdict; the agent may ask again.
     */
    CompletableFuture<Step> runResumed(String stepId) {
        return store.read(r -> {
            Step s = r.taskReads().step(stepId).orElseThrow();
            return new Snapshot(null, s, r.taskReads().task(s.taskId()).orElseThrow(),
                    r.taskReads().stepBody(stepId).orElse(null));
        }).thenCompose(s -> {
            if (s.step().status() != StepStatus.APPROVED || s.step().actionId() != null) {
                return CompletableFuture.completedFuture(s.step());
            }
            StepRequest request = StepRequest.restore(s.step().request(), s.body());
            return guarded(stepId, () -> assessOrEmpty(request, context(s.task(), stepId))
                    .thenCompose(a -> store.write(tx -> startResumed(tx, stepId, a)))
                    .thenCompose(start -> launch(start, s.task(), request)));
        });
    }

    private Start startResumed(StoreTx tx, String stepId, Optional<Assessment> assessment) {
        Changes ch = new Changes();
        Instant now = clock.instant();
        Step step = Transitions.step(tx, stepId);
        Task task = tx.tasks().task(step.taskId()).orElseThrow();
        if (step.status() != StepStatus.APPROVED) return new Start(step, null, false, ch);
        String refusal = !task.running() ? "task_not_running"
                : !settings.gatewayId().equals(task.gatewayId()) ? "gateway_mismatch"
                : assessment.isEmpty() ? "revalidation_failed"
                : assessment.get().decision() == Decision.BLOCKED
                        ? (assessment.get().reasonCode() == null ? "blocked" : assessment.get().reasonCode())
                : assessment.get().needsApproval() ? "revalidation_failed" : null;
        if (refusal != null) {
            StepStatus to = refusal.equals("task_not_running") ? StepStatus.CANCELLED : StepStatus.BLOCKED;
            // The refusal is a classification at execution time: audited as such, with its cause.
            TaskAudit.append(tx, task, stepId, TaskEvents.STEP_CLASSIFIED, TaskAudit.SYSTEM, now, Json.object()
                    .put("op", step.op()).put("at_execution", true).put("reason_code", refusal)
                    .put("decision", assessment.map(x -> x.decision().wire()).orElse(null)));
            Transitions.endStep(tx, task, stepId, to, refusal, now, ch);
            return new Start(Transitions.step(tx, stepId), null, false, ch);
        }
        tx.tasks().casStep(stepId, Set.of(StepStatus.APPROVED), StepChange.to(StepStatus.RUNNING, now));
        TaskAudit.append(tx, task, stepId, TaskEvents.STEP_STARTED, TaskAudit.SYSTEM, now,
                Json.object().put("op", step.op()).put("resumed", true));
        Step running = Transitions.step(tx, stepId);
        ch.step(running);
        return new Start(running, assessment.get().subject(), true, ch);
    }
}
