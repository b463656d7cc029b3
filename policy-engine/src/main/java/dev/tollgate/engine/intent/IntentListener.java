package dev.tollgate.engine.intent;

/**
 * Told about intent changes after they are committed (never before: a listener may act on the
 * world, e.g. release a held proxied request). Called from store threads: implementations must
 * be quick and must not block.
 */
public interface IntentListener {
    default void onCreated(Intent intent) {}

    /** Approved, rejected, expired, scheduled, succeeded or failed. */
    default void onChanged(Intent intent) {}

    IntentListener NONE = new IntentListener() {};
}
