package dev.tollgate.gateway.events;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open event stream. Publishers only {@link #offer} (a bounded queue append under this object's lock, from
 * any thread); everything else — writing, flushing, heartbeats — runs on the sink's event loop, and writes
 * stop while the connection is not writable (resumed by the writability callback). A subscriber whose queue
 * fills up ({@code capacity} events not yet written) has fallen too far behind: its queue is dropped and its
 * connection is closed, with no further event; the client reconnects with its {@code Last-Event-ID} and is
 * replayed from the ring (or reset, when it fell past the ring).
 */
final class Subscriber {
    static final String HEARTBEAT = ": keep-alive\n\n";

    private final EventSink sink;
    private final int capacity;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // guarded by this
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private boolean overflowed;
    private boolean closed;
    // event loop only
    private String head;
    private List<Event> replay;
    private int replayIndex;
    private volatile ScheduledFuture<?> heartbeat;

    /** @param head text sent first (retry/position, or a reset), or null; {@code replay} then, then live events */
    Subscriber(EventSink sink, int capacity, String head, List<Event> replay) {
        this.sink = sink;
        this.capacity = capacity;
        this.head = head;
        this.replay = replay == null ? List.of() : replay;
    }

    /** Quick and non-blocking; true when the caller must {@link #schedule()} a drain (after releasing its locks). */
    boolean offer(Event e) {
        synchronized (this) {
            if (closed || overflowed) return false;
            if (queue.size() >= capacity) {
                overflowed = true;
                queue.clear();
            } else {
                queue.add(e);
            }
        }
        return scheduled.compareAndSet(false, true);
    }

    void schedule() {
        try {
            sink.executor().execute(this::drain);
        } catch (RejectedExecutionException shutDown) {
            scheduled.set(false); // the loop is gone, and the connection with it
        }
    }

    /** Starts writing (head, replay) and the heartbeat; once, after registration with the bus. */
    void start(long heartbeatMillis) {
        sink.onWritable(this::drain);
        try {
            sink.executor().execute(() -> {
                synchronized (this) {
                    if (closed) return;
                }
                heartbeat = sink.executor().scheduleAtFixedRate(this::heartbeat, heartbeatMillis, heartbeatMillis,
                        TimeUnit.MILLISECONDS);
                synchronized (this) {
                    if (closed) heartbeat.cancel(false); // closed meanwhile, by another thread
                }
                drain();
            });
        } catch (RejectedExecutionException shutDown) {
            closed();
        }
    }

    /** On the loop: writes while the connection takes it, then flushes (one flush per batch, at least per event). */
    void drain() {
        scheduled.set(false);
        boolean dropped;
        synchronized (this) {
            if (closed) return;
            dropped = overflowed;
        }
        if (dropped) {
            sink.close(); // too far behind: the client resumes from the ring with its Last-Event-ID
            return;
        }
        boolean wrote = false;
        if (head != null) {
            sink.write(head);
            head = null;
            wrote = true;
        }
        while (sink.isWritable()) {
            Event e = next();
            if (e == null) break;
            sink.write(e.frame());
            wrote = true;
        }
        if (wrote) sink.flush();
    }

    private Event next() {
        if (replayIndex < replay.size()) {
            Event e = replay.get(replayIndex++);
            if (replayIndex == replay.size()) replay = List.of();
            return e;
        }
        replayIndex = 0;
        synchronized (this) {
            return queue.poll();
        }
    }

    private void heartbeat() {
        synchronized (this) {
            if (closed) return;
        }
        if (sink.isWritable()) {
            sink.write(HEARTBEAT);
            sink.flush();
        }
    }

    /** The connection closed: drop everything queued. */
    void closed() {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        ScheduledFuture<?> h = heartbeat;
        if (h != null) h.cancel(false);
    }

    synchronized int queued() { return queue.size(); }
}
