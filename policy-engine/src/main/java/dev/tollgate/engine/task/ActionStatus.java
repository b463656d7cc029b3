package dev.tollgate.engine.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Lifecycle of a pending action (§7.3): {@code pending → approved → consumed}, or {@code denied},
 * {@code expired}, {@code cancelled}. Consumed is set when execution starts, by a compare-and-set,
 * so an approval authorises at most one run.
 */
public enum ActionStatus {
    PENDING, APPROVED, CONSUMED, DENIED, EXPIRED, CANCELLED;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static Optional<ActionStatus> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
    }

    @Override public String toString() { return wire(); }
}
