package dev.tollgate.tasks.service;

import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link TaskService#recoverAfterRestart()} did: steps marked interrupted, actions expired,
 * and the approved steps it started (once each, after re-validation), completing when they ended.
 */
public record RecoveryReport(List<Step> interrupted, List<PendingAction> expired,
                             CompletableFuture<List<Step>> relaunched) {}
