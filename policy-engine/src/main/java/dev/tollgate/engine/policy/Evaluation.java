package dev.tollgate.engine.policy;

import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ReasonCode;
import dev.tollgate.engine.intent.RiskLevel;

/**
 * The decision on one intent. The caller stamps the time and records it.
 *
 * <p>Not final while {@link #pendingRateLimits} is set: rate limits need the agent's recent
 * intent counts from the store, so the caller must then call {@link #withRateCounts} (or
 * {@link #rateCountFailed} when counting failed) and record what that returns. The status and
 * reason already present are those of the rules after the rate limits, which apply only if the
 * limits pass.
 *
 * @param status            {@code APPROVED}, {@code BLOCKED} or {@code PENDING_APPROVAL}
 * @param reasonCode        set by the rule that decided
 * @param blockReason       human-readable reason, null unless blocked
 * @param riskScore         0–1, see {@link RiskScorer}; never influences the status
 * @param riskLevel         level of {@code riskScore}
 * @param policyId          the policy id as requested
 * @param policyVersion     SHA-256 of the policy file, {@value Policy#BUILTIN_VERSION} for built-ins,
 *                          null when the policy was not found
 * @param expiryMinutes     the effective policy's {@code expiry_minutes}, null when not set
 * @param pendingRateLimits limits still to check with {@link #withRateCounts}; null when none
 */
public record Evaluation(
        IntentStatus status,
        ReasonCode reasonCode,
        String blockReason,
        double riskScore,
        RiskLevel riskLevel,
        String policyId,
        String policyVersion,
        Integer expiryMinutes,
        RateLimits pendingRateLimits) {

    /** True until rate limits were applied with {@link #withRateCounts} or {@link #rateCountFailed}. */
    public boolean needsRateCounts() { return pendingRateLimits != null; }

    /**
     * Applies the pending rate limits given the agent's intents already recorded in the last
     * hour and day (this intent excluded): blocked when a count has reached its limit, otherwise
     * this decision. Negative counts are treated as a counting failure.
     */
    public Evaluation withRateCounts(long intentsLastHour, long intentsLastDay) {
        if (pendingRateLimits == null) return this;
        if (intentsLastHour < 0 || intentsLastDay < 0) return rateCountFailed();
        String exceeded = pendingRateLimits.exceededBy(intentsLastHour, intentsLastDay);
        return exceeded != null ? rateLimited(exceeded) : withPendingRateLimits(null);
    }

    /** The store could not count the agent's recent intents: blocked, because limits fail closed. */
    public Evaluation rateCountFailed() {
        if (pendingRateLimits == null) return this;
        return rateLimited("Rate limit could not be checked; blocked (fail closed)");
    }

    Evaluation withPendingRateLimits(RateLimits limits) {
        return new Evaluation(status, reasonCode, blockReason, riskScore, riskLevel, policyId, policyVersion,
                expiryMinutes, limits);
    }

    private Evaluation rateLimited(String reason) {
        return new Evaluation(IntentStatus.BLOCKED, ReasonCode.RATE_LIMIT_EXCEEDED, reason, riskScore, riskLevel,
                policyId, policyVersion, expiryMinutes, null);
    }
}
