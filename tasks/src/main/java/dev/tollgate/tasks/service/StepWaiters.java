package dev.tollgate.tasks.service;

import dev.tollgate.engine.task.Step;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Long-pollers of steps, by step id: futures completed when a committed change ends the step.
 * No thread waits; a poller's timeout is a scheduled task that removes it.
 */
final class StepWaiters {
    private final Map<String, List<CompletableFuture<Step>>> byStep = new ConcurrentHashMap<>();

    void add(String stepId, CompletableFuture<Step> waiter) {
        byStep.computeIfAbsent(stepId, k -> new CopyOnWriteArrayList<>()).add(waiter);
    }

    void remove(String stepId, CompletableFuture<Step> waiter) {
        byStep.computeIfPresent(stepId, (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }

    /** Called after commit with the step as committed; wakes its pollers when it has ended. */
    void changed(Step step) {
        if (!step.status().ended()) return;
        List<CompletableFuture<Step>> waiting = byStep.remove(step.id());
        if (waiting != null) waiting.forEach(f -> f.complete(step));
    }

    int size() { return byStep.values().stream().mapToInt(List::size).sum(); }
}
