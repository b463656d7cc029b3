package dev.tollgate.tasks.service;

import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.Wallet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A committed credit: the wallet after it, the held steps it resumed (as committed: pending
 * approval again, or about to run), and their runs, completing when those ended.
 */
public record CreditResult(Wallet wallet, List<Step> resumed, CompletableFuture<List<Step>> runs) {}
