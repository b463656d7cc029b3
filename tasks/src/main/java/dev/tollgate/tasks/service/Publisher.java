package dev.tollgate.tasks.service;

import java.util.function.Consumer;

/** Tells listeners and long-pollers what a committed job changed. A failing listener is not our failure. */
final class Publisher {
    private final TaskListener listener;
    private final StepWaiters waiters;

    Publisher(TaskListener listener, StepWaiters waiters) {
        this.listener = listener;
        this.waiters = waiters;
    }

    void publish(Changes c) {
        c.created.forEach(a -> quietly(listener::onActionCreated, a));
        c.decided.forEach(a -> quietly(listener::onActionDecided, a));
        c.steps.values().forEach(s -> {
            quietly(listener::onStepChanged, s);
            waiters.changed(s);
        });
    }

    private static <T> void quietly(Consumer<T> call, T value) {
        try {
            call.accept(value);
        } catch (RuntimeException ignored) {
            // a dashboard hook must not undo, or hide, a committed change
        }
    }
}
