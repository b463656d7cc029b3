package dev.tollgate.gateway.events;

import dev.tollgate.gateway.http.ResponseStream;
import java.util.concurrent.ScheduledExecutorService;

/** An {@link EventSink} over an open streamed response. */
final class ResponseStreamSink implements EventSink {
    private final ResponseStream stream;

    ResponseStreamSink(ResponseStream stream) { this.stream = stream; }

    @Override public ScheduledExecutorService executor() { return stream.executor(); }
    @Override public boolean isWritable() { return stream.isWritable(); }
    @Override public void write(String text) { stream.write(text); }
    @Override public void flush() { stream.flush(); }
    @Override public void close() { stream.close(); }
    @Override public void onWritable(Runnable r) { stream.onWritable(r); }
    @Override public void onClose(Runnable r) { stream.onClose(r); }
}
