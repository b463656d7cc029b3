package dev.tollgate.gateway.events;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Where one subscriber's events go: in the server an open {@code GET /v1/events} response
 * ({@link ResponseStreamSink}); in unit tests a fake. Writes happen on {@link #executor()} only.
 */
interface EventSink {
    /** The connection's event loop: every write, flush and timer of this subscriber runs here. */
    ScheduledExecutorService executor();

    boolean isWritable();

    void write(String text);

    void flush();

    /** Ends the response and closes the connection. */
    void close();

    /** Run on the loop when the sink becomes writable again. */
    void onWritable(Runnable r);

    /** Run once when the sink closes, whoever closes it (at once when already closed). */
    void onClose(Runnable r);
}
