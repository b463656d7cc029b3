package dev.tollgate.engine.task;

import java.time.Instant;

/**
 * A step waiting for a person (§7.3). Holds what a reviewer is shown (preview, cwd, risk, scope)
 * and the digest an approval must name; never environment values or command output.
 * {@code decidedBy}/{@code decidedAt}/{@code reason} describe the approval, denial, expiry or
 * cancellation; {@code consumedAt} when execution started.
 */
public record PendingAction(String id, String taskId, String stepId, String gatewayId, String agentId,
                            Identity identity, String op, String preview, String cwd, String riskLevel,
                            String riskReason, String scope, String commandDigest, String policyVersion,
                            ActionStatus status, String decidedBy, Instant decidedAt, String reason,
                            Instant createdAt, Instant expiresAt, Instant consumedAt) {
    public boolean pending() { return status == ActionStatus.PENDING; }

    /** Whether the approval window has elapsed at {@code now} (the window is [createdAt, expiresAt)). */
    public boolean overdue(Instant now) { return !now.isBefore(expiresAt); }
}
