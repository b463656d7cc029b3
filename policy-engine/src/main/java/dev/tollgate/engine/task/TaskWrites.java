package dev.tollgate.engine.task;

import java.time.Instant;
import java.util.Set;

/**
 * Task-channel writes inside one job. Every boolean method is a compare-and-set decided by the
 * database ({@code UPDATE ... WHERE status ...}), never by a read before the write, so the same
 * guarantees hold with several writers (PostgreSQL).
 */
public interface TaskWrites extends TaskReads {
    void insertTask(Task task);

    /** Moves a task from one of {@code from} to {@code to}; false when it was in none of them. */
    boolean casTaskStatus(String taskId, Set<TaskStatus> from, TaskStatus to, Instant at);

    /**
     * Inserts a step; {@code body} is the withheld part of its request (JSON text, may be null).
     * Fails (unique constraint) when the task already has a step with the same {@code seq}.
     */
    void insertStep(Step step, String body);

    /** Applies {@code change} when the step's status is one of {@code from}. */
    boolean casStep(String stepId, Set<StepStatus> from, StepChange change);

    /** Records who paid for a step (resuming a held step); only while it is held. */
    boolean recordStepDebit(String stepId, long cost, WalletScope scope, String walletId);

    void insertAction(PendingAction action);

    /**
     * A decision: moves an action from {@code from} to {@code to} (approved, denied, expired,
     * cancelled) recording who, when and why.
     */
    boolean decideAction(String actionId, ActionStatus from, ActionStatus to, String decidedBy, String reason,
                         Instant at);

    /** approved → consumed: the single-use guarantee. True for exactly one caller per action. */
    boolean consumeAction(String actionId, Instant at);

    /** Adds {@code amount} (> 0), creating the wallet when absent; returns the new balance. */
    long creditWallet(WalletScope scope, String id, long amount, Instant at);

    /** Subtracts {@code amount} when the wallet exists and holds at least that much. */
    boolean debitWallet(WalletScope scope, String id, long amount, Instant at);
}
