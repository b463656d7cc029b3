package dev.tollgate.gateway.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.util.Json;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The dashboard's live events (SPEC §8): a bounded in-memory ring of the last events of this process and the
 * open subscribers. {@link #publish} is called from store completion threads and event loops: it serialises
 * outside any lock, then, under one short lock, appends to the ring and appends to each subscriber's bounded
 * queue; the writes happen later on each subscriber's own event loop. A subscriber is registered under the same
 * lock as it takes its replay slice, so it sees every event exactly once, in order.
 */
public final class EventBus {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());
    public static final int DEFAULT_RING = 10_000;
    public static final int DEFAULT_QUEUE = 4_096;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    /** Sent first on a connection without {@code Last-Event-ID}: reconnect delay, and the position to resume from. */
    static final int RETRY_MILLIS = 2_000;

    private final Object lock = new Object();
    private final EventRing ring;
    private final List<Subscriber> subscribers = new ArrayList<>(); // guarded by lock
    private final int queueCapacity;
    private final long heartbeatMillis;
    private final String bootId;

    public EventBus() {
        this(randomBootId(), DEFAULT_RING, DEFAULT_QUEUE, DEFAULT_HEARTBEAT);
    }

    public EventBus(String bootId, int ringSize, int queueCapacity, Duration heartbeat) {
        if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity must be at least 1");
        this.bootId = bootId;
        this.ring = new EventRing(bootId, ringSize);
        this.queueCapacity = queueCapacity;
        this.heartbeatMillis = Math.max(1, heartbeat.toMillis());
    }

    static String randomBootId() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public String bootId() { return bootId; }

    /** Quick and non-blocking (one short lock); never throws. */
    public void publish(String type, JsonNode data) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot serialise a " + type + " event; not published", e);
            return;
        }
        List<Subscriber> wake = null;
        synchronized (lock) {
            Event e = ring.append(type, json);
            for (Subscriber s : subscribers) {
                if (s.offer(e)) {
                    if (wake == null) wake = new ArrayList<>(subscribers.size());
                    wake.add(s);
                }
            }
        }
        if (wake != null) wake.forEach(Subscriber::schedule);
    }

    /**
     * Registers a subscriber on {@code sink}: after {@code lastEventId} (null: from now), replaying what it missed,
     * or a {@code reset} first when that id cannot be resumed from. Unregistered when the sink closes.
     */
    void subscribe(EventSink sink, String lastEventId) {
        Subscriber s;
        synchronized (lock) {
            EventRing.Start start = ring.after(lastEventId);
            if (start instanceof EventRing.Replay r) {
                s = new Subscriber(sink, queueCapacity, null, r.events());
            } else if (start instanceof EventRing.Reset r) {
                s = new Subscriber(sink, queueCapacity, resetFrame(r), List.of());
            } else {
                s = new Subscriber(sink, queueCapacity, freshFrame((EventRing.Fresh) start), List.of());
            }
            subscribers.add(s);
        }
        sink.onClose(() -> {
            synchronized (lock) {
                subscribers.remove(s);
            }
            s.closed();
        });
        s.start(heartbeatMillis);
    }

    /** An SSE message with only {@code retry} and {@code id}: not an event, but sets the client's position. */
    static String freshFrame(EventRing.Fresh f) {
        return "retry: " + RETRY_MILLIS + "\nid: " + f.position() + "\n\n";
    }

    static String resetFrame(EventRing.Reset r) {
        String data = Json.object().put("reason", r.reason()).toString();
        return "retry: " + RETRY_MILLIS + "\nid: " + r.position() + "\nevent: " + EventTypes.RESET + "\ndata: " + data
                + "\n\n";
    }

    /** Open subscribers (for tests and metrics). */
    public int subscriberCount() {
        synchronized (lock) {
            return subscribers.size();
        }
    }

    /** The id of the newest event. */
    public String position() {
        synchronized (lock) {
            return ring.position();
        }
    }
}
