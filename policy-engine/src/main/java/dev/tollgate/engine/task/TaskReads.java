package dev.tollgate.engine.task;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Task-channel queries: in read jobs, and inside a write job seeing that job's writes. */
public interface TaskReads {
    Optional<Task> task(String taskId);

    /** Newest first. */
    List<Task> tasks(TaskQuery query);

    Optional<Step> step(String stepId);

    /** The steps of a task in order ({@code seq}). */
    List<Step> steps(String taskId);

    /** Steps in {@code status}, oldest first (recovery, resuming held steps). */
    List<Step> stepsByStatus(StepStatus status, int limit);

    /** The withheld part of a step's request (e.g. {@code content}) as JSON text; empty once the step ended. */
    Optional<String> stepBody(String stepId);

    /** The {@code seq} the next step of this task gets: one more than the highest so far, from 1. */
    int nextStepSeq(String taskId);

    Optional<PendingAction> action(String actionId);

    List<PendingAction> actions(ActionQuery query);

    /** Pending actions whose window has elapsed at {@code now} ({@code expires_at <= now}), oldest expiry first. */
    List<PendingAction> overdueActions(Instant now, int limit);

    Optional<Wallet> wallet(WalletScope scope, String id);

    /** All wallets, by scope then id. */
    List<Wallet> wallets();
}
