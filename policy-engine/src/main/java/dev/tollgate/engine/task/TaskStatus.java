package dev.tollgate.engine.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Lifecycle of a task: it accepts steps only while {@link #RUNNING}; the others are final. */
public enum TaskStatus {
    RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static Optional<TaskStatus> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
    }

    @Override public String toString() { return wire(); }
}
