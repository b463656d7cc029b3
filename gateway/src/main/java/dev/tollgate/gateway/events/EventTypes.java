package dev.tollgate.gateway.events;

/** The event names of {@code GET /v1/events} (SPEC §8), plus {@code reset}. */
public final class EventTypes {
    private EventTypes() {}

    public static final String INTENT_CREATED = "intent.created";
    public static final String INTENT_DECIDED = "intent.decided";
    public static final String HELD_ADDED = "held.added";
    public static final String HELD_RELEASED = "held.released";
    public static final String ACTION_CREATED = "action.created";
    public static final String ACTION_DECIDED = "action.decided";
    /** Not an item: the client's position is lost (another boot, or older than the ring); refetch the lists. */
    public static final String RESET = "reset";
}
