package dev.tollgate.engine.intent;

/** Risk level from a 0..1 score: medium from 0.25, high from 0.5, critical from 0.75. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static RiskLevel of(double score) {
        if (score >= 0.75) return CRITICAL;
        if (score >= 0.5) return HIGH;
        if (score >= 0.25) return MEDIUM;
        return LOW;
    }

    @Override public String toString() { return wire(); }
}
