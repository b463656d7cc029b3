package dev.tollgate.engine.intent;

/** Outcome of a proposal: a new intent, or the existing one a repeated idempotency key points to. */
public sealed interface ProposeResult {
    Intent intent();

    record Created(Intent intent) implements ProposeResult {}

    record Duplicate(Intent intent) implements ProposeResult {}

    /**
     * A proxied request identical (same agent, same request digest) to one whose intent is still
     * pending or approved-and-unused joins that intent instead of queueing another.
     */
    record Joined(Intent intent) implements ProposeResult {}
}
