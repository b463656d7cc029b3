package dev.tollgate.tasks.service;

/**
 * Classifies a step before anything runs: the shell classifier (§7.4) and the file gate (§7.5)
 * behind one interface. Called again at execution time of an approved step, so an approval is
 * checked against the configuration and the file system as they are then.
 *
 * <p>May block briefly (file system checks): the service calls it on its compute executor,
 * never on a caller's event loop or the store's threads. Must not touch what the step would
 * change. An exception refuses the step (fail closed).
 */
public interface StepGovernor {
    Assessment assess(StepRequest request, TaskContext context);
}
