package dev.tollgate.engine.intent;

/** Outcome of a proposal: a new intent, or the existing one a repeated idempotency key points to. */
public sealed interface ProposeResult {
    Intent intent();

    record Created(Intent intent) implements ProposeResult {}

    record Duplicate(Intent intent) implements ProposeResult {}
}
