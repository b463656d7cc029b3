package dev.tollgate.tasks.service;

import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import java.util.concurrent.CompletableFuture;

/**
 * A committed approval or denial: the action and step as committed, and the execution it
 * started, completing with the step once it ended (or at once, with the step as it is, when
 * nothing runs: a denial, or an approved step still held for balance).
 */
public record ActionDecision(PendingAction action, Step step, CompletableFuture<Step> execution) {}
