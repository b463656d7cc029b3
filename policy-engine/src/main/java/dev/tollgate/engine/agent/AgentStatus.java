package dev.tollgate.engine.agent;

public enum AgentStatus {
    ACTIVE, SUSPENDED, REVOKED;

    public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static AgentStatus fromWire(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
}
