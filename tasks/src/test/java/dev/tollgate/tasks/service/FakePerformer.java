package dev.tollgate.tasks.service;

import dev.tollgate.engine.util.Json;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts runs per step; answers a fixed shell result, or never (to model a crash mid-run). */
final class FakePerformer implements StepPerformer {
    static final String STDOUT = "secret-output-line";

    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final AtomicInteger total = new AtomicInteger();
    final CountDownLatch started = new CountDownLatch(1);
    volatile boolean hang;
    volatile int exitCode;

    @Override public CompletableFuture<StepOutcome> perform(StepRequest request, TaskContext ctx) {
        runs.computeIfAbsent(ctx.stepId(), k -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        started.countDown();
        if (hang) return new CompletableFuture<>();
        if ("shell".equals(request.op())) {
            return CompletableFuture.completedFuture(StepOutcome.completed(Json.object().put("exit_code", exitCode)
                    .put("stdout", STDOUT).put("stderr", "").put("stdout_truncated", false)
                    .put("stderr_truncated", false).put("duration_ms", 3).put("timed_out", false), 0));
        }
        String content = request.text("content");
        long bytes = content == null ? 0 : content.length();
        return CompletableFuture.completedFuture(StepOutcome.completed(Json.object().put("bytes_written", bytes), bytes));
    }

    int runsOf(String stepId) {
        AtomicInteger n = runs.get(stepId);
        return n == null ? 0 : n.get();
    }
}
