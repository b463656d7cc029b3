package dev.tollgate.tasks.service;

/**
 * Audit event types of the task channel (§7.8), plus the three Tollgate adds so that every state
 * change is audited (§4.8): a task completed or cancelled, and a wallet credited (by an admin,
 * or a refund of a step that was paid for and never ran).
 */
public final class TaskEvents {
    private TaskEvents() {}

    public static final String TASK_DISPATCHED = "task_dispatched";
    public static final String STEP_REQUESTED = "step_requested";
    public static final String STEP_CLASSIFIED = "step_classified";
    public static final String ACTION_PENDING = "action_pending";
    public static final String ACTION_APPROVED = "action_approved";
    public static final String ACTION_DENIED = "action_denied";
    public static final String ACTION_EXPIRED = "action_expired";
    public static final String ACTION_CANCELLED = "action_cancelled";
    public static final String STEP_STARTED = "step_started";
    public static final String STEP_COMPLETED = "step_completed";
    public static final String STEP_FAILED = "step_failed";
    public static final String STEP_INTERRUPTED = "step_interrupted";
    public static final String FILE_OPERATION = "file_operation";
    public static final String WALLET_DEBITED = "wallet_debited";
    public static final String STEP_HELD_BALANCE = "step_held_balance";

    public static final String TASK_COMPLETED = "task_completed";
    public static final String TASK_CANCELLED = "task_cancelled";
    public static final String WALLET_CREDITED = "wallet_credited";
}
