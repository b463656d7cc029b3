package dev.tollgate.engine.audit;

/** Audit event types: the seed's, then Tollgate's own. */
public final class AuditTypes {
    private AuditTypes() {}

    public static final String PROPOSED = "proposed";
    public static final String POLICY_CHECKED = "policy_checked";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String BLOCKED = "blocked";
    public static final String EXPIRED = "expired";
    public static final String DUPLICATE_BLOCKED = "duplicate_blocked";
    public static final String EXECUTION_REQUESTED = "execution_requested";
    public static final String EXECUTION_SUCCEEDED = "execution_succeeded";
    public static final String EXECUTION_FAILED = "execution_failed";
    public static final String WEBHOOK_REGISTERED = "webhook_registered";
    public static final String AGENT_REGISTERED = "agent_registered";
    public static final String AGENT_SUSPENDED = "agent_suspended";
    public static final String AGENT_REVOKED = "agent_revoked";
    public static final String REVIEWER_ADDED = "reviewer_added";
}
