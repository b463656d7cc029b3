package dev.tollgate.engine.policy;

/** The policy's {@code require_approval}: a human decides every intent, or none. */
public enum RequireApproval {
    ALWAYS, NEVER;

    public String yaml() { return name().toLowerCase(java.util.Locale.ROOT); }
}
