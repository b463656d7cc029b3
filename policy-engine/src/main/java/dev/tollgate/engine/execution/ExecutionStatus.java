package dev.tollgate.engine.execution;

public enum ExecutionStatus {
    PENDING, EXECUTING, SUCCEEDED, FAILED, EXPIRED;

    public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static ExecutionStatus fromWire(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
}
