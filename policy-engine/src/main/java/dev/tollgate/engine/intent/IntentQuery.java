package dev.tollgate.engine.intent;

/**
 * A listing filter. {@code agentId} null = all agents (reviewers, admin); newest first.
 */
public record IntentQuery(IntentStatus status, String agentId, int limit) {
    public IntentQuery {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
    }
}
