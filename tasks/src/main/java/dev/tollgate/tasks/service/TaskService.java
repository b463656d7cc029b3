package dev.tollgate.tasks.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.store.StoreReader;
import dev.tollgate.engine.store.StoreTx;
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
import dev.tollgate.engine.task.TaskWrites;
import dev.tollgate.engine.task.Wallet;
import dev.tollgate.engine.task.WalletScope;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.util.Ids;
import dev.tollgate.engine.util.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The task channel's orchestration (§7.2, §7.3, §7.6, §7.7, §7.8): tasks, steps, pending actions
 * and wallets, all state in the store. Every method returns at once with a future; nothing blocks
 * the caller's thread (callers are event loops). A future completes only after the state it
 * reports is committed. The governor and the performer run on {@code compute}.
 *
 * <p>{@code visibleTo} parameters restrict to one agent's tasks (an agent's call); empty means
 * every task (a reviewer's or admin's call). Another agent's task is {@code not_found}, as for
 * intents (§4.9): its existence is not revealed.
 *
 * <p>Errors are {@link TaskException}s (possibly wrapped in a CompletionException); store
 * failures are {@code StoreException}s (503).
 */
public final class TaskService {
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);
    static final int BATCH = 500;
    static final String EXECUTION_SURFACE = "hosted_gateway";

    private final Store store;
    private final TaskSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final StepWaiters waiters = new StepWaiters();
    private final Publisher publisher;
    private final StepRunner runner;

    public TaskService(Store store, StepGovernor governor, StepPerformer performer, TaskSettings settings,
                       Clock clock, Executor compute, ScheduledExecutorService timer, TaskListener listener) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.timer = timer;
        this.publisher = new Publisher(listener, waiters);
        this.runner = new StepRunner(store, governor, performer, settings, clock, compute, publisher);
    }

    public TaskSettings settings() { return settings; }

    static String newId(String prefix) { return prefix + Ids.hex(8); }

    // ---- tasks ----

    /** Creates a running task for {@code agentId} on this gateway (POST /v1/tasks → 201). */
    public CompletableFuture<Task> dispatch(String agentId, Identity identity, JsonNode toolInvocation,
                                           JsonNode cacheContext, JsonNode metadata) {
        if (blank(agentId)) return invalid("agent_id", "agent_id is required");
        Identity who = identity == null ? Identity.NONE : identity;
        return store.write(tx -> {
            Instant now = clock.instant();
            Task task = new Task(newId("tsk_"), settings.gatewayId(), agentId, who, toolInvocation, cacheContext,
                    metadata, TaskStatus.RUNNING, now, now);
            tx.tasks().insertTask(task);
            ObjectNode m = Json.object().put("execution_surface", EXECUTION_SURFACE);
            if (toolInvocation != null && toolInvocation.hasNonNull("tool")) m.set("tool", toolInvocation.get("tool"));
            TaskAudit.append(tx, task, null, TaskEvents.TASK_DISPATCHED, agentId, now, m);
            return task;
        });
    }

    public CompletableFuture<TaskView> getTask(String taskId, Optional<String> visibleTo) {
        return expiringOverdue(r -> r.taskReads().actions(new ActionQuery(ActionStatus.PENDING, null, taskId, BATCH)),
                r -> view(r, visibleTask(r, taskId, visibleTo)));
    }

    /** Newest first, each with its steps. */
    public CompletableFuture<List<TaskView>> listTasks(TaskStatus status, Optional<String> agentId, int limit) {
        int n = Math.max(1, Math.min(limit, BATCH));
        return store.read(r -> r.taskReads().tasks(new TaskQuery(status, agentId.orElse(null), n)).stream()
                .map(t -> view(r, t)).toList());
    }

    /** The task's audit trail, oldest first. */
    public CompletableFuture<List<AuditEvent>> audit(String taskId, Optional<String> visibleTo) {
        return store.read(r -> {
            visibleTask(r, taskId, visibleTo);
            return r.auditForTask(taskId);
        });
    }

    /** Ends a running task as succeeded or failed; its not-started steps are cancelled with their actions. */
    public CompletableFuture<TaskView> complete(String taskId, TaskStatus outcome, Optional<String> visibleTo,
                                               String actor) {
        if (outcome != TaskStatus.SUCCEEDED && outcome != TaskStatus.FAILED) {
            return CompletableFuture.failedFuture(new TaskException(TaskError.INVALID_REQUEST,
                    "status must be succeeded or failed", "status"));
        }
        return end(taskId, outcome, visibleTo, actor, TaskEvents.TASK_COMPLETED, "task " + outcome.wire());
    }

    /** Cancels a running task: pending actions become cancelled, not-started steps cancelled. */
    public CompletableFuture<TaskView> cancel(String taskId, Optional<String> visibleTo, String actor) {
        return end(taskId, TaskStatus.CANCELLED, visibleTo, actor, TaskEvents.TASK_CANCELLED, "task cancelled");
    }

    private CompletableFuture<TaskView> end(String taskId, TaskStatus to, Optional<String> visibleTo, String actor,
                                            String event, String reason) {
        return store.write(tx -> {
            Changes ch = new Changes();
            Instant now = clock.instant();
            Task task = visibleTask(tx, taskId, visibleTo);
            if (!tx.tasks().casTaskStatus(taskId, Set.of(TaskStatus.RUNNING), to, now)) throw notRunning(task);
            Task ended = tx.tasks().task(taskId).orElseThrow();
            Transitions.cancelWaiting(tx, ended, reason, actor, now, ch);
            TaskAudit.append(tx, ended, null, event, actor, now, Json.object().put("status", to.wire()));
            return new Result<>(view(tx, ended), ch);
        }).thenApply(this::published);
    }

    // ---- steps ----

    /**
     * Runs one step of the agent's running task (POST /v1/tasks/:id/steps). Completes with the
     * ended step (HTTP 200: completed, failed, blocked) or the waiting one (202: pending_approval,
     * held_insufficient_balance).
     */
    public CompletableFuture<Step> requestStep(String agentId, String taskId, StepRequest request) {
        return store.read(r -> visibleTask(r, taskId, Optional.of(agentId))).thenCompose(task -> {
            if (!task.running()) throw notRunning(task);
            String stepId = newId("stp_");
            TaskContext ctx = StepRunner.context(task, stepId);
            return runner.guarded(stepId, () -> runner.assess(request, ctx)
                    .thenCompose(a -> store.write(tx -> StepRecorder.record(tx, agentId, taskId, stepId, request, a,
                            ctx, settings, clock.instant())))
                    .thenCompose(rec -> {
                        publisher.publish(rec.changes());
                        return rec.step().status() == StepStatus.RUNNING
                                ? runner.perform(rec.task(), rec.step(), request, rec.assessment().subject())
                                : CompletableFuture.completedFuture(rec.step());
                    }));
        });
    }

    /** A step of a task, expiring its action first when the window has passed. */
    public CompletableFuture<Step> getStep(String taskId, String stepId, Optional<String> visibleTo) {
        return expiringOverdue(r -> r.taskReads().actions(new ActionQuery(ActionStatus.PENDING, null, taskId, BATCH)),
                r -> visibleStep(r, taskId, stepId, visibleTo));
    }

    /**
     * Long-poll (GET /v1/tasks/:id/steps/:step_id?wait=): completes when the step has ended, or
     * with the step as it is when {@code wait} (at most 60 s) passes. No thread waits: the future
     * is completed by the commit that ends the step, or by a scheduled timeout.
     */
    public CompletableFuture<Step> awaitStep(String taskId, String stepId, Optional<String> visibleTo,
                                            Duration wait) {
        Duration w = wait == null || wait.isNegative() ? Duration.ZERO : wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
        return getStep(taskId, stepId, visibleTo).thenCompose(first -> {
            if (first.status().ended() || w.isZero()) return CompletableFuture.completedFuture(first);
            CompletableFuture<Step> waiter = new CompletableFuture<>();
            waiters.add(stepId, waiter);
            List<ScheduledFuture<?>> timers = new ArrayList<>(2);
            timers.add(timer.schedule(() -> {
                waiters.remove(stepId, waiter);
                getStep(taskId, stepId, visibleTo).whenComplete((s, e) -> {
                    if (e != null) waiter.completeExceptionally(e);
                    else waiter.complete(s);
                });
            }, w.toMillis(), TimeUnit.MILLISECONDS));
            scheduleExpiry(first, w).ifPresent(timers::add);
            waiter.whenComplete((s, e) -> timers.forEach(t -> t.cancel(false)));
            // The step may have ended between the first read and the registration.
            store.read(r -> r.taskReads().step(stepId)).thenAccept(now -> now.filter(s -> s.status().ended())
                    .ifPresent(s -> {
                        waiters.remove(stepId, waiter);
                        waiter.complete(s);
                    }));
            return waiter;
        });
    }

    /** When the step's approval window ends within the wait, expire it then, so the poller hears at once. */
    private Optional<ScheduledFuture<?>> scheduleExpiry(Step step, Duration wait) {
        if (step.actionId() == null || !StepStatus.NOT_STARTED.contains(step.status())) return Optional.empty();
        Instant deadline = clock.instant().plus(wait);
        Instant expiresAt = step.createdAt().plus(settings.approvalTimeout());
        if (expiresAt.isAfter(deadline)) return Optional.empty();
        long delay = Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis()) + 1;
        return Optional.of(timer.schedule(() -> expireOverdue(), delay, TimeUnit.MILLISECONDS));
    }

    // ---- pending actions ----

    /** Pending actions (or those in {@code status}; null = all), oldest first; an agent's own only. */
    public CompletableFuture<List<PendingAction>> listActions(ActionStatus status, Optional<String> agentId) {
        ActionQuery q = new ActionQuery(status, agentId.orElse(null), null, BATCH);
        return expiringOverdue(r -> r.taskReads().actions(q), r -> r.taskReads().actions(q));
    }

    public CompletableFuture<PendingAction> getAction(String actionId, Optional<String> visibleTo) {
        return expiringOverdue(r -> r.taskReads().action(actionId).stream().toList(),
                r -> r.taskReads().action(actionId).filter(a -> visibleTo.isEmpty() || visibleTo.get().equals(a.agentId()))
                        .orElseThrow(() -> TaskException.notFound("action " + actionId)));
    }

    /**
     * A reviewer approves the action whose digest it was shown. The approval is committed, then
     * the step runs once, by this gateway, after re-validation; {@link ActionDecision#execution()}
     * completes with the ended step. Refusals: not_found, digest_mismatch (the action stays
     * pending), already_decided, expired (the action is marked expired).
     */
    public CompletableFuture<ActionDecision> approve(String actionId, String reviewerId, String commandDigest) {
        if (blank(reviewerId)) return invalid("reviewer", "the reviewer is required");
        if (blank(commandDigest)) return invalid("command_digest", "command_digest is required");
        String digest = commandDigest.strip().toLowerCase(Locale.ROOT);
        return store.write(tx -> {
            Changes ch = new Changes();
            Instant now = clock.instant();
            Decidable d = decidable(tx, actionId, now, ch);
            if (d.expired()) return new Result<>(Verdict.expired(d.action()), ch);
            if (!Hashing.constantTimeEquals(digest, d.action().commandDigest())) {
                throw new TaskException(TaskError.DIGEST_MISMATCH,
                        "command_digest does not match the action's digest", "command_digest");
            }
            TaskWrites w = tx.tasks();
            if (!w.decideAction(actionId, ActionStatus.PENDING, ActionStatus.APPROVED, reviewerId, null, now)) {
                throw alreadyDecided(actionId);
            }
            TaskAudit.append(tx, d.task(), d.action().stepId(), TaskEvents.ACTION_APPROVED, reviewerId, now,
                    Json.object().put("action_id", actionId).put("by", reviewerId)
                            .put("command_digest", d.action().commandDigest()).put("risk_level", d.action().riskLevel())
                            .put("preview", d.action().preview()));
            // A step held for balance stays held: it runs once a credit pays for it, if still in time.
            w.casStep(d.action().stepId(), Set.of(StepStatus.PENDING_APPROVAL), StepChange.to(StepStatus.APPROVED, now));
            PendingAction approved = Transitions.action(tx, actionId);
            Step step = Transitions.step(tx, approved.stepId());
            ch.decided.add(approved);
            ch.step(step);
            return new Result<>(new Verdict(approved, step, false), ch);
        }).thenApply(this::published).thenApply(v -> {
            if (v.expired()) throw expired(v.action());
            CompletableFuture<Step> execution = v.step().status() == StepStatus.APPROVED
                    ? runner.runApproved(actionId) : CompletableFuture.completedFuture(v.step());
            return new ActionDecision(v.action(), v.step(), execution);
        });
    }

    /** A reviewer stops the action: denied, the step stopped_by_user, never run. */
    public CompletableFuture<ActionDecision> deny(String actionId, String reviewerId, String reason) {
        if (blank(reviewerId)) return invalid("reviewer", "the reviewer is required");
        String why = reason == null || reason.isBlank() ? "denied by reviewer" : reason;
        return store.write(tx -> {
            Changes ch = new Changes();
            Instant now = clock.instant();
            Decidable d = decidable(tx, actionId, now, ch);
            if (d.expired()) return new Result<>(Verdict.expired(d.action()), ch);
            if (!Transitions.deny(tx, d.task(), d.action(), reviewerId, why, now, ch)) throw alreadyDecided(actionId);
            PendingAction denied = Transitions.action(tx, actionId);
            return new Result<>(new Verdict(denied, Transitions.step(tx, denied.stepId()), false), ch);
        }).thenApply(this::published).thenApply(v -> {
            if (v.expired()) throw expired(v.action());
            return new ActionDecision(v.action(), v.step(), CompletableFuture.completedFuture(v.step()));
        });
    }

    private record Decidable(PendingAction action, Task task, boolean expired) {}

    private record Verdict(PendingAction action, Step step, boolean expired) {
        static Verdict expired(PendingAction a) { return new Verdict(a, null, true); }
    }

    /** The action, if a reviewer may still decide it; an overdue one is expired here (and committed). */
    private Decidable decidable(StoreTx tx, String actionId, Instant now, Changes ch) {
        PendingAction a = tx.tasks().action(actionId).orElseThrow(() -> TaskException.notFound("action " + actionId));
        if (a.status() == ActionStatus.EXPIRED) throw expired(a);
        if (!a.pending()) throw alreadyDecided(actionId);
        Task task = tx.tasks().task(a.taskId()).orElseThrow();
        if (a.overdue(now)) {
            Transitions.expire(tx, task, a, ActionStatus.PENDING, now, ch);
            return new Decidable(Transitions.action(tx, actionId), task, true);
        }
        return new Decidable(a, task, false);
    }

    /** The expiry sweep: pending actions past their window become expired, their steps expired. */
    public CompletableFuture<List<PendingAction>> expireOverdue() {
        return store.write(tx -> {
            Changes ch = new Changes();
            Instant now = clock.instant();
            List<PendingAction> expired = new ArrayList<>();
            for (PendingAction a : tx.tasks().overdueActions(now, BATCH)) {
                Task task = tx.tasks().task(a.taskId()).orElseThrow();
                if (Transitions.expire(tx, task, a, ActionStatus.PENDING, now, ch)) {
                    expired.add(Transitions.action(tx, a.id()));
                }
            }
            return new Result<>(List.copyOf(expired), ch);
        }).thenApply(this::published);
    }

    // ---- wallets ----

    public CompletableFuture<List<Wallet>> wallets() { return store.read(r -> r.taskReads().wallets()); }

    /**
     * An admin credits a wallet (created when absent), then held steps whose cascade can now pay
     * are resumed, oldest first: paid in the same job, and pending approval again or started.
     */
    public CompletableFuture<CreditResult> credit(WalletScope scope, String walletId, long amount, String actor) {
        if (scope == null) return invalid("scope", "scope must be user, team or org");
        if (blank(walletId)) return invalid("id", "wallet id is required");
        if (amount <= 0) return invalid("amount", "amount must be a positive integer");
        return store.write(tx -> {
            Changes ch = new Changes();
            Instant now = clock.instant();
            long balance = tx.tasks().creditWallet(scope, walletId, amount, now);
            tx.appendAudit(new AuditDraft(null, null, TaskEvents.WALLET_CREDITED, actor, Json.object()
                    .put("wallet_scope", scope.wire()).put("wallet_id", walletId).put("amount", amount)
                    .put("balance", balance), now));
            List<Step> resumed = resumeHeld(tx, scope, walletId, now, ch);
            Wallet wallet = tx.tasks().wallet(scope, walletId).orElseThrow();
            return new Result<>(new Credited(wallet, resumed, List.copyOf(ch.toRun)), ch);
        }).thenApply(this::published).thenApply(c -> new CreditResult(c.wallet(), c.resumed(), runAll(c.toRun())));
    }

    private record Credited(Wallet wallet, List<Step> resumed, List<Step> toRun) {}

    private List<Step> resumeHeld(StoreTx tx, WalletScope scope, String walletId, Instant now, Changes ch) {
        TaskWrites w = tx.tasks();
        List<Step> resumed = new ArrayList<>();
        for (Step held : w.stepsByStatus(StepStatus.HELD_INSUFFICIENT_BALANCE, BATCH)) {
            Task task = w.task(held.taskId()).orElseThrow();
            if (!walletId.equals(scope.idFor(task.identity())) || !task.running()) continue;
            Optional<WalletCascade.Debit> paid = WalletCascade.debit(tx, task, held.id(), held.cost(), now);
            if (paid.isEmpty()) continue; // a smaller, younger step may still fit
            w.recordStepDebit(held.id(), held.cost(), paid.get().scope(), paid.get().walletId());
            PendingAction a = held.actionId() == null ? null : w.action(held.actionId()).orElseThrow();
            StepStatus next = a != null && a.status() == ActionStatus.PENDING ? StepStatus.PENDING_APPROVAL
                    : StepStatus.APPROVED;
            w.casStep(held.id(), Set.of(StepStatus.HELD_INSUFFICIENT_BALANCE), StepChange.to(next, now));
            Step step = Transitions.step(tx, held.id());
            ch.step(step);
            if (next == StepStatus.APPROVED) ch.toRun.add(step);
            resumed.add(step);
        }
        return resumed;
    }

    private CompletableFuture<List<Step>> runAll(List<Step> steps) {
        List<CompletableFuture<Step>> runs = steps.stream()
                .map(s -> s.actionId() != null ? runner.runApproved(s.actionId()) : runner.runResumed(s.id())).toList();
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
                .thenApply(x -> runs.stream().map(CompletableFuture::join).toList());
    }

    // ---- restart ----

    /**
     * Continuation after a restart (§7.6), for this gateway's tasks: steps that were running are
     * marked interrupted (never re-run on their own), overdue pending actions expire, and approved
     * steps that had not started run once, after re-validation (their consume is the guarantee).
     * Pending actions stay pending. Meant for start-up; safe at any time (steps this process is
     * running are left alone, approved ones are run at most once whoever else tries).
     */
    public CompletableFuture<RecoveryReport> recoverAfterRestart() {
        return store.write(tx -> {
            Changes ch = new Changes();
            Instant now = clock.instant();
            TaskWrites w = tx.tasks();
            List<Step> interrupted = new ArrayList<>();
            for (Step s : w.stepsByStatus(StepStatus.RUNNING, Integer.MAX_VALUE)) {
                Task task = w.task(s.taskId()).orElseThrow();
                if (!mine(task) || runner.active(s.id())) continue; // running here, now: not a casualty
                if (!w.casStep(s.id(), Set.of(StepStatus.RUNNING),
                        new StepChange(StepStatus.INTERRUPTED, "interrupted", null, now))) {
                    continue;
                }
                TaskAudit.append(tx, task, s.id(), TaskEvents.STEP_INTERRUPTED, TaskAudit.SYSTEM, now, Json.object()
                        .put("op", s.op()).put("action_id", s.actionId())
                        .put("started_at", s.startedAt() == null ? null : s.startedAt().toString()));
                Step marked = Transitions.step(tx, s.id());
                ch.step(marked);
                interrupted.add(marked);
            }
            List<PendingAction> expired = new ArrayList<>();
            for (PendingAction a : w.overdueActions(now, Integer.MAX_VALUE)) {
                Task task = w.task(a.taskId()).orElseThrow();
                if (Transitions.expire(tx, task, a, ActionStatus.PENDING, now, ch)) {
                    expired.add(Transitions.action(tx, a.id()));
                }
            }
            for (Step s : w.stepsByStatus(StepStatus.APPROVED, Integer.MAX_VALUE)) {
                if (mine(w.task(s.taskId()).orElseThrow())) ch.toRun.add(s);
            }
            return new Result<>(new RecoveryReport(List.copyOf(interrupted), List.copyOf(expired), null), ch);
        }).thenApply(r -> {
            publisher.publish(r.changes());
            return new RecoveryReport(r.value().interrupted(), r.value().expired(), runAll(r.changes().toRun));
        });
    }

    private boolean mine(Task task) { return settings.gatewayId().equals(task.gatewayId()); }

    // ---- helpers ----

    /** A job's answer and what it changed. */
    private record Result<T>(T value, Changes changes) {}

    private <T> T published(Result<T> r) {
        publisher.publish(r.changes());
        return r.value();
    }

    @FunctionalInterface
    private interface Read<T> {
        T run(StoreReader r) throws Exception;
    }

    /**
     * Reads, but first expires what is overdue among {@code candidates}, so no reader ever sees a
     * pending action past its window (the sweep may not have run yet).
     */
    private <T> CompletableFuture<T> expiringOverdue(Read<List<PendingAction>> candidates, Read<T> read) {
        return store.read(r -> {
            Instant now = clock.instant();
            boolean overdue = candidates.run(r).stream().anyMatch(a -> a.pending() && a.overdue(now));
            return overdue ? null : Optional.ofNullable(read.run(r));
        }).thenCompose(first -> first != null
                ? CompletableFuture.completedFuture(first.orElse(null))
                : expireOverdue().thenCompose(x -> store.read(read::run)));
    }

    private static Task visibleTask(StoreReader r, String taskId, Optional<String> visibleTo) {
        return r.taskReads().task(taskId).filter(t -> visibleTo.isEmpty() || visibleTo.get().equals(t.agentId()))
                .orElseThrow(() -> TaskException.notFound("task " + taskId));
    }

    private static Step visibleStep(StoreReader r, String taskId, String stepId, Optional<String> visibleTo) {
        visibleTask(r, taskId, visibleTo);
        return r.taskReads().step(stepId).filter(s -> s.taskId().equals(taskId))
                .orElseThrow(() -> TaskException.notFound("step " + stepId));
    }

    private static TaskView view(StoreReader r, Task t) { return new TaskView(t, r.taskReads().steps(t.id())); }

    static TaskException notRunning(Task task) {
        return new TaskException(TaskError.TASK_NOT_RUNNING, "task " + task.id() + " is " + task.status().wire());
    }

    private static TaskException alreadyDecided(String actionId) {
        return new TaskException(TaskError.ALREADY_DECIDED, "action " + actionId + " is no longer pending");
    }

    private static TaskException expired(PendingAction a) {
        return new TaskException(TaskError.EXPIRED, "action " + a.id() + " expired at " + a.expiresAt());
    }

    private static <T> CompletableFuture<T> invalid(String field, String message) {
        return CompletableFuture.failedFuture(new TaskException(TaskError.INVALID_REQUEST, message, field));
    }

    private static boolean blank(String value) { return value == null || value.isBlank(); }

    /** Long-pollers registered now (tests: nobody leaks). */
    int waiting() { return waiters.size(); }
}
