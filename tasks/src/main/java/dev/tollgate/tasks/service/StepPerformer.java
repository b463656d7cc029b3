package dev.tollgate.tasks.service;

import java.util.concurrent.CompletableFuture;

/**
 * Runs a step that was allowed (and, when needed, approved): the process runner and the file
 * operations. The service calls it only after the step is durably {@code running} (and its
 * approval durably consumed), and at most once per step. Called on the compute executor; should
 * return quickly and complete the future when the work ends. A failed future records the step
 * {@code failed}.
 */
public interface StepPerformer {
    CompletableFuture<StepOutcome> perform(StepRequest request, TaskContext context);
}
