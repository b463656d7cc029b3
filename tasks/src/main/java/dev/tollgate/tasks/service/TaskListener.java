package dev.tollgate.tasks.service;

import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;

/**
 * Told about task-channel changes after they are committed (the dashboard's live events).
 * Called from store threads: implementations must be quick and must not block.
 */
public interface TaskListener {
    default void onActionCreated(PendingAction action) {}

    /** Approved, denied, expired, cancelled or consumed. */
    default void onActionDecided(PendingAction action) {}

    default void onStepChanged(Step step) {}

    TaskListener NONE = new TaskListener() {};
}
