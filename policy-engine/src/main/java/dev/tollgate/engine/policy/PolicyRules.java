package dev.tollgate.engine.policy;

import java.util.List;

/**
 * The decision rules of a policy: every policy field except {@code id} and {@code environments}.
 * Used both for the base policy and for an {@code environments.<name>} overlay; a null component
 * is "not set" (for an overlay: inherited from the base).
 *
 * @param destinations        {@code destinations}: allowed destination names
 * @param allowedTypes        {@code allowed_types}: lower-case payload types, {@code txt} stored as {@code text}
 * @param blockIfTerms        {@code block_if_terms}, compiled
 * @param requireApproval     {@code require_approval}
 * @param autoApproveUnder    {@code auto_approve_under}: record counts up to and including it are approved
 * @param requireApprovalOver {@code require_approval_over}: record counts above it go to a human
 * @param expiryMinutes       {@code expiry_minutes}: how long a pending intent waits for a reviewer
 * @param fieldChecks         {@code field_checks}
 * @param rateLimits          {@code rate_limits}
 */
public record PolicyRules(
        List<String> destinations,
        List<String> allowedTypes,
        TermMatcher blockIfTerms,
        RequireApproval requireApproval,
        Long autoApproveUnder,
        Long requireApprovalOver,
        Integer expiryMinutes,
        List<FieldCheck> fieldChecks,
        RateLimits rateLimits) {

    public static final PolicyRules NONE = new PolicyRules(null, null, null, null, null, null, null, null, null);

    public PolicyRules {
        destinations = destinations == null ? null : List.copyOf(destinations);
        allowedTypes = allowedTypes == null ? null : List.copyOf(allowedTypes);
        fieldChecks = fieldChecks == null ? null : List.copyOf(fieldChecks);
    }

    /** These rules with every field that {@code overlay} sets replacing this one's. */
    public PolicyRules overlaidWith(PolicyRules overlay) {
        return new PolicyRules(
                pick(overlay.destinations, destinations),
                pick(overlay.allowedTypes, allowedTypes),
                pick(overlay.blockIfTerms, blockIfTerms),
                pick(overlay.requireApproval, requireApproval),
                pick(overlay.autoApproveUnder, autoApproveUnder),
                pick(overlay.requireApprovalOver, requireApprovalOver),
                pick(overlay.expiryMinutes, expiryMinutes),
                pick(overlay.fieldChecks, fieldChecks),
                pick(overlay.rateLimits, rateLimits));
    }

    private static <T> T pick(T overlay, T base) { return overlay != null ? overlay : base; }

    /** Whether these rules look at the payload at all (types, field checks, terms). */
    public boolean readsPayload() {
        return (allowedTypes != null && !allowedTypes.isEmpty()) || (fieldChecks != null && !fieldChecks.isEmpty())
                || (blockIfTerms != null && !blockIfTerms.terms().isEmpty());
    }
}
