package dev.tollgate.engine.intent;

/**
 * What a proxied request carrying an intent id may do with it. Exactly one request ever gets
 * {@link Forward} for an intent: the grant is a compare-and-set on the intent's {@code used_at}.
 */
public sealed interface ForwardGrant {
    Intent intent();

    /** Approved and now used by this request: forward it, then record the outcome. */
    record Forward(Intent intent) implements ForwardGrant {}

    /** Still waiting for a decision. */
    record Pending(Intent intent) implements ForwardGrant {}

    /** Not this request's to use: {@code code} is request_mismatch, intent_already_used or the intent's final status. */
    record Refused(Intent intent, String code, String message) implements ForwardGrant {}
}
