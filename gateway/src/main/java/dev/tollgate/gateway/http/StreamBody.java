package dev.tollgate.gateway.http;

import java.util.Objects;

/**
 * A body written over time on a connection kept open, such as server-sent events. The response head is
 * flushed at once (chunked on a persistent HTTP/1.1 connection, else delimited by the connection's end, with no
 * {@code Content-Length}; {@code Cache-Control: no-cache} unless the route sets it), then {@link Starter#start}
 * runs on the connection's event loop with the {@link ResponseStream}. The stream is the connection's last
 * response: no further request is served on it, and it ends with the connection. It is exempt from nothing:
 * the listener's idle timeout still closes a stream on which nothing was written (or read) for that long, so
 * a writer must send something (a heartbeat) more often.
 */
public record StreamBody(String contentType, Starter starter) implements ApiResponse.Body {

    /** Takes over the connection once the head is on the wire. Runs on the event loop: must not block. */
    @FunctionalInterface
    public interface Starter {
        void start(ResponseStream stream);
    }

    public StreamBody {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(starter, "starter");
    }
}
