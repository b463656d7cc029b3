package dev.tollgate.proxy.destination;

import dev.tollgate.engine.intent.ReasonCode;
import java.util.Objects;

/**
 * Where a request goes and which policy decides it.
 *
 * @param destination logical destination: the rule's name, else {@code <host>.<scheme>}
 * @param policy      policy id, or null when the request is blocked without evaluating a policy
 * @param rule        the rule that matched, or null
 * @param outcome     how the answer was reached
 * @param detail      one sentence for logs and {@code destinations test}: why this answer
 */
public record Match(String destination, String policy, DestinationRule rule, Outcome outcome, String detail) {

    public enum Outcome {
        /** A rule matched; {@link #rule} is set. */
        RULE,
        /** No rule matched; {@code default_policy} applies. */
        DEFAULT_POLICY,
        /** No rule matched and {@code default_policy} is null: blocked. */
        BLOCKED_NO_RULE,
        /** A rule that decides on its path was reached with an unclear path: blocked, fail closed. */
        BLOCKED_UNCLEAR_PATH
    }

    public Match {
        Objects.requireNonNull(destination);
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(detail);
        if ((policy == null) != blocked(outcome)) throw new IllegalArgumentException("policy is null exactly when blocked");
        if ((rule != null) != (outcome == Outcome.RULE)) throw new IllegalArgumentException("rule is set exactly for RULE");
    }

    private static boolean blocked(Outcome o) {
        return o == Outcome.BLOCKED_NO_RULE || o == Outcome.BLOCKED_UNCLEAR_PATH;
    }

    /** The proxy answers 403 without submitting the request to a policy. */
    public boolean blocked() { return blocked(outcome); }

    /** {@code destination_not_allowed} when blocked, else null. */
    public ReasonCode reasonCode() { return blocked() ? ReasonCode.DESTINATION_NOT_ALLOWED : null; }

    /** The matched rule's index in the file, or -1. */
    public int ruleIndex() { return rule == null ? -1 : rule.index(); }

    /** The matched rule's line, or 0. */
    public int line() { return rule == null ? 0 : rule.line(); }

    /** JSON Pointer to the record count, or null: the request counts as one record. */
    public String recordCountPointer() { return rule == null ? null : rule.recordCount(); }

    /** The rule's pending mode, or null: the proxy's default ({@code proxy.pending}) applies. */
    public Pending pending() { return rule == null ? null : rule.pending(); }
}
