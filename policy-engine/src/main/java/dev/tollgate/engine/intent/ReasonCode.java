package dev.tollgate.engine.intent;

import java.util.Arrays;
import java.util.Optional;

/**
 * The single vocabulary of reason codes: the same string appears in API responses,
 * audit metadata, logs and metric labels. A code is always set by the rule that decided.
 */
public enum ReasonCode {
    APPROVED_BY_POLICY("approved_by_policy"),
    RECORD_THRESHOLD_EXCEEDED("record_threshold_exceeded"),
    BLOCKED_TERM_DETECTED("blocked_term_detected"),
    DESTINATION_NOT_ALLOWED("destination_not_allowed"),
    SENSITIVE_DATA_DETECTED("sensitive_data_detected"),
    MANUAL_REVIEW_REQUIRED("manual_review_required"),
    POLICY_NOT_FOUND("policy_not_found"),
    TYPE_NOT_ALLOWED("type_not_allowed"),
    FIELD_CHECK_FAILED("field_check_failed"),
    RATE_LIMIT_EXCEEDED("rate_limit_exceeded"),
    AGENT_NOT_ALLOWED("agent_not_allowed"),
    REJECTED_BY_REVIEWER("rejected_by_reviewer"),
    EXPIRED("expired"),
    DUPLICATE_IDEMPOTENCY_KEY("duplicate_idempotency_key"),
    /** Built-in {@code deny} policy. */
    DENIED_BY_POLICY("denied_by_policy"),
    /** The evaluator itself failed: blocked, fail closed. */
    EVALUATION_FAILED("evaluation_failed");

    private final String wire;

    ReasonCode(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Optional<ReasonCode> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(s)).findFirst();
    }

    @Override public String toString() { return wire; }
}
