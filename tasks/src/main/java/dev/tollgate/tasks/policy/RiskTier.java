package dev.tollgate.tasks.policy;

import java.util.Locale;

/**
 * How much a step can hurt (SPEC §7.4 step 6), lowest first so that {@link #max} is the input's
 * level. Separate from the intent engine's {@code RiskLevel}: the task channel grades what a
 * command does to the host, not what a request does to a counterparty.
 */
public enum RiskTier {
    SAFE, MODERATE, DESTRUCTIVE, CRITICAL;

    /** The name used on the wire, in YAML and in audit events. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RiskTier fromWire(String value) {
        for (RiskTier t : values()) {
            if (t.wire().equals(value)) return t;
        }
        throw new IllegalArgumentException("unknown risk level '" + value
                + "' (expected safe, moderate, destructive or critical)");
    }

    public RiskTier max(RiskTier other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public boolean atLeast(RiskTier other) {
        return ordinal() >= other.ordinal();
    }
}
