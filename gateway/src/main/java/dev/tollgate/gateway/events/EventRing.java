package dev.tollgate.gateway.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} events of this process, and where a reconnecting client resumes. Not thread-safe:
 * {@link EventBus} holds its lock around every call, so appending and taking a replay slice are atomic with
 * (un)registering subscribers.
 */
final class EventRing {
    /** What a subscriber gets before live events. */
    sealed interface Start permits Fresh, Replay, Reset {
    }

    /** No {@code Last-Event-ID}: live from now; {@code position} is the id of the newest event (seq 0: none). */
    record Fresh(String position) implements Start {
    }

    /** The events after the client's id, oldest first (possibly none). */
    record Replay(List<Event> events) implements Start {
    }

    /** The client's id cannot be resumed from; {@code position} as in {@link Fresh}. */
    record Reset(String reason, String position) implements Start {
    }

    static final String REASON_OTHER_BOOT = "server_restarted";
    static final String REASON_TOO_OLD = "too_old";
    static final String REASON_INVALID = "invalid_last_event_id";
    static final String REASON_UNKNOWN = "unknown_last_event_id";

    private final String bootId;
    private final Event[] slots;
    private long newest; // seq of the newest event; 0 before the first

    EventRing(String bootId, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        if (bootId.isEmpty() || bootId.indexOf('-') >= 0) throw new IllegalArgumentException("bootId must be non-empty, no '-'");
        this.bootId = bootId;
        this.slots = new Event[capacity];
    }

    Event append(String type, String data) {
        long seq = ++newest;
        Event e = new Event(seq, bootId + "-" + seq, type, data);
        slots[(int) (seq % slots.length)] = e;
        return e;
    }

    /** The id of the newest event, {@code <bootId>-0} before the first: resuming from it loses nothing. */
    String position() {
        return bootId + "-" + newest;
    }

    long newest() { return newest; }

    /** The oldest seq still held (newest + 1 when empty). */
    long oldest() {
        return Math.max(1, newest - slots.length + 1);
    }

    Start after(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) return new Fresh(position());
        String id = lastEventId.strip();
        int dash = id.lastIndexOf('-');
        long seq = dash > 0 ? parseSeq(id.substring(dash + 1)) : -1;
        if (seq < 0) return new Reset(REASON_INVALID, position());
        if (!id.substring(0, dash).equals(bootId)) return new Reset(REASON_OTHER_BOOT, position());
        if (seq > newest) return new Reset(REASON_UNKNOWN, position());
        if (seq + 1 < oldest()) return new Reset(REASON_TOO_OLD, position());
        List<Event> out = new ArrayList<>((int) (newest - seq));
        for (long s = seq + 1; s <= newest; s++) out.add(slots[(int) (s % slots.length)]);
        return new Replay(out);
    }

    private static long parseSeq(String s) {
        if (s.isEmpty() || s.length() > 18) return -1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        }
        return Long.parseLong(s);
    }
}
