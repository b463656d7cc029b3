package dev.tollgate.engine.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ReasonCode;
import dev.tollgate.engine.intent.RiskLevel;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/**
 * Decides an intent from its policy. Pure: no clock, no I/O, no store; the same request and
 * policies always give the same {@link Evaluation}. The first rule that decides ends evaluation:
 *
 * <ol>
 *   <li>the policy exists, else blocked / {@code policy_not_found};</li>
 *   <li>the agent's {@code allowed_policies} and {@code allowed_destinations}, else blocked /
 *       {@code agent_not_allowed}; the built-ins decide here ({@code allow} approves,
 *       {@code deny} blocks with {@code denied_by_policy});</li>
 *   <li>the overlay of {@code environment} is merged over the base rules;</li>
 *   <li>{@code destinations}, else blocked / {@code destination_not_allowed};</li>
 *   <li>{@code allowed_types}, else blocked / {@code type_not_allowed};</li>
 *   <li>{@code rate_limits}: returned as {@link Evaluation#pendingRateLimits} for the caller to
 *       apply with the store's counts; the steps below still run and give the decision if the
 *       limits pass;</li>
 *   <li>{@code field_checks}, else blocked / {@code field_check_failed};</li>
 *   <li>{@code block_if_terms}, else blocked / {@code blocked_term_detected};</li>
 *   <li>{@code require_approval}: {@code always} → pending / {@code manual_review_required},
 *       {@code never} → approved / {@code approved_by_policy};</li>
 *   <li>with a record count: above {@code require_approval_over} → pending /
 *       {@code record_threshold_exceeded}; at most {@code auto_approve_under} → approved;</li>
 *   <li>otherwise pending / {@code manual_review_required}: when in doubt, ask a human.</li>
 * </ol>
 *
 * A negative record count is treated as absent. Any unexpected failure blocks the intent
 * (fail closed) and is logged; {@link #evaluate} never throws.
 */
public final class PolicyEvaluator {
    private static final System.Logger LOG = System.getLogger(PolicyEvaluator.class.getName());
    /** Agent-supplied names are echoed in block reasons; this keeps a huge one from bloating them. */
    private static final int MAX_ECHO = 200;

    private final PolicyLookup policies;

    public PolicyEvaluator(PolicyLookup policies) { this.policies = policies; }

    public Evaluation evaluate(EvaluationRequest r) {
        try {
            return decide(r);
        } catch (RuntimeException e) {
            String policyId = r == null ? null : r.policyId();
            LOG.log(Level.ERROR, "policy evaluation failed for policy " + echo(policyId) + "; intent blocked", e);
            return new Evaluation(IntentStatus.BLOCKED, ReasonCode.EVALUATION_FAILED,
                    "Policy evaluation failed; blocked (fail closed)", 0.0, RiskLevel.LOW, policyId,
                    null, null, null);
        }
    }

    private Evaluation decide(EvaluationRequest r) {
        Optional<Policy> found = r.policyId() == null ? Optional.empty() : policies.find(r.policyId());
        if (found.isEmpty()) {
            return new Decision(r, null, null).blocked(ReasonCode.POLICY_NOT_FOUND,
                    "Policy not found: " + echo(r.policyId()));
        }
        Policy policy = found.get();
        PolicyRules rules = policy.rulesFor(r.environment());
        Decision d = new Decision(r, policy, rules);

        if (!permits(r.agentAllowedPolicies(), r.policyId())) {
            return d.blocked(ReasonCode.AGENT_NOT_ALLOWED, "Agent is not allowed to use policy " + echo(r.policyId()));
        }
        if (!permits(r.agentAllowedDestinations(), r.destination())) {
            return d.blocked(ReasonCode.AGENT_NOT_ALLOWED,
                    "Agent is not allowed to send to destination " + echo(r.destination()));
        }
        if (policy.builtin()) {
            return policy.id().equals(Policy.DENY_ID)
                    ? d.blocked(ReasonCode.DENIED_BY_POLICY, "Blocked by the built-in deny policy")
                    : d.approved();
        }
        if (rules.destinations() != null && !permits(rules.destinations(), r.destination())) {
            return d.blocked(ReasonCode.DESTINATION_NOT_ALLOWED,
                    "Destination not allowed by policy " + policy.id() + ": " + echo(r.destination()));
        }
        Payload payload = new Payload(r.payload(), r.payloadType());
        if (rules.allowedTypes() != null) {
            String type = payload.type();
            if (type == null) {
                return d.blocked(ReasonCode.TYPE_NOT_ALLOWED, "Payload type not allowed: the intent has no payload");
            }
            if (!rules.allowedTypes().contains(type)) {
                return d.blocked(ReasonCode.TYPE_NOT_ALLOWED, "Payload type not allowed: " + echo(type));
            }
        }
        Evaluation decision = afterRateLimits(d, rules, payload, r.recordCount());
        return rules.rateLimits() == null ? decision : decision.withPendingRateLimits(rules.rateLimits());
    }

    /** Steps 7–11. */
    private static Evaluation afterRateLimits(Decision d, PolicyRules rules, Payload payload, Long recordCount) {
        if (rules.fieldChecks() != null && !rules.fieldChecks().isEmpty()) {
            JsonNode object = payload.jsonObject();
            if (object == null) {
                return d.blocked(ReasonCode.FIELD_CHECK_FAILED, "Field check failed: payload is not a JSON object");
            }
            for (FieldCheck check : rules.fieldChecks()) {
                Optional<String> failure = check.failure(object);
                if (failure.isPresent()) {
                    return d.blocked(ReasonCode.FIELD_CHECK_FAILED, "Field check failed: " + failure.get());
                }
            }
        }
        if (rules.blockIfTerms() != null) {
            for (String text : payload.scanTexts()) {
                Optional<String> term = rules.blockIfTerms().firstMatch(text);
                if (term.isPresent()) {
                    return d.blocked(ReasonCode.BLOCKED_TERM_DETECTED, "Payload contains blocked term: " + term.get());
                }
            }
        }
        if (rules.requireApproval() == RequireApproval.ALWAYS) return d.pending(ReasonCode.MANUAL_REVIEW_REQUIRED);
        if (rules.requireApproval() == RequireApproval.NEVER) return d.approved();
        if (recordCount != null && recordCount >= 0) {
            if (rules.requireApprovalOver() != null && recordCount > rules.requireApprovalOver()) {
                return d.pending(ReasonCode.RECORD_THRESHOLD_EXCEEDED);
            }
            if (rules.autoApproveUnder() != null && recordCount <= rules.autoApproveUnder()) return d.approved();
        }
        return d.pending(ReasonCode.MANUAL_REVIEW_REQUIRED);
    }

    private static boolean permits(List<String> allowList, String value) {
        return allowList == null || (value != null && allowList.contains(value));
    }

    private static String echo(String s) {
        if (s == null) return "(none)";
        return s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "…";
    }

    /** Builds evaluations carrying what every outcome shares: policy, version, expiry and risk. */
    private static final class Decision {
        private final String policyId;
        private final String version;
        private final Integer expiryMinutes;
        private final double risk;

        Decision(EvaluationRequest r, Policy policy, PolicyRules rules) {
            policyId = r.policyId();
            version = policy == null ? null : policy.version();
            expiryMinutes = rules == null ? null : rules.expiryMinutes();
            risk = RiskScorer.score(r.destination(), r.recordCount(), r.estimatedValueUsd(), r.sensitivityTags(), rules);
        }

        Evaluation blocked(ReasonCode code, String reason) { return of(IntentStatus.BLOCKED, code, reason); }

        Evaluation pending(ReasonCode code) { return of(IntentStatus.PENDING_APPROVAL, code, null); }

        Evaluation approved() { return of(IntentStatus.APPROVED, ReasonCode.APPROVED_BY_POLICY, null); }

        private Evaluation of(IntentStatus status, ReasonCode code, String reason) {
            return new Evaluation(status, code, reason, risk, RiskLevel.of(risk), policyId, version, expiryMinutes, null);
        }
    }
}
