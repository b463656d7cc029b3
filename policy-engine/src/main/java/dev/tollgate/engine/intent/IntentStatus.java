package dev.tollgate.engine.intent;

import java.util.Arrays;
import java.util.Optional;

/** Lifecycle of an intent, with the exact wire names of Zehrava Gate. */
public enum IntentStatus {
    PENDING_APPROVAL("pending_approval"),
    APPROVED("approved"),
    BLOCKED("blocked"),
    DUPLICATE_BLOCKED("duplicate_blocked"),
    SCHEDULED("scheduled"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    EXPIRED("expired");

    private final String wire;

    IntentStatus(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Optional<IntentStatus> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(s)).findFirst();
    }

    @Override public String toString() { return wire; }
}
