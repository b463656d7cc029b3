package dev.tollgate.proxy.hold;

/**
 * Told when a request starts or stops being held (the dashboard's live list). Called on the proxy's event
 * loops and store threads, after the registry changed: must be quick and must not block.
 */
public interface HeldListener {
    void onAdded(HeldView view);

    /** The hold ended: decided, timed out, or the client left. */
    void onRemoved(HeldView view);

    HeldListener NONE = new HeldListener() {
        @Override public void onAdded(HeldView view) {}
        @Override public void onRemoved(HeldView view) {}
    };
}
