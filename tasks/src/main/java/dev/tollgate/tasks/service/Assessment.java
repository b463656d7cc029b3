package dev.tollgate.tasks.service;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Objects;

/**
 * A governor's classification of one step.
 *
 * @param decision      allow, approval required, or blocked
 * @param risk          the step's risk tier
 * @param reasons       human-readable reasons naming the command and rule (audited, shown to reviewers)
 * @param reasonCode    why it was blocked ({@code outside_root}, {@code root_read_only}, ...); null otherwise
 * @param preview       what a reviewer sees: the command, or "op path"; never file content
 * @param scope         what the step would affect ("requested scope" on the approval card); may be null
 * @param subject       what an approval is bound to (digest input)
 * @param policyVersion a version of the governing configuration: a change invalidates pending approvals
 * @param cost          what the step costs when wallets are enabled (0 = free)
 */
public record Assessment(Decision decision, RiskTier risk, List<String> reasons, String reasonCode, String preview,
                         String scope, ActionSubject subject, String policyVersion, long cost) {
    public Assessment {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(subject, "subject");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        if (cost < 0) throw new IllegalArgumentException("negative cost");
    }

    /**
     * Whether a person must approve: the governor says so, or the step is critical. Critical
     * always needs approval (§7.3), whatever a governor's configuration says.
     */
    public boolean needsApproval() {
        return decision == Decision.APPROVAL_REQUIRED || (decision == Decision.ALLOW && risk == RiskTier.CRITICAL);
    }

    /** The reasons as one line (stored as {@code risk_reason}). */
    public String reasonText() { return reasons.isEmpty() ? null : String.join("; ", reasons); }
}
