package dev.tollgate.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AsyncLogHandlerTest {
    /** A target that blocks until released, like stderr behind a stalled pipe. */
    static final class StalledTarget extends Handler {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> written = new CopyOnWriteArrayList<>();

        @Override public void publish(LogRecord r) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(r.getMessage());
        }

        @Override public void flush() {}

        @Override public void close() {}
    }

    @Test
    void callersNeverWaitForAStalledOutputAndDropsAreReported() throws Exception {
        StalledTarget target = new StalledTarget();
        AsyncLogHandler h = new AsyncLogHandler(target);
        int n = AsyncLogHandler.CAPACITY + 1_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) h.publish(new LogRecord(Level.INFO, "line " + i));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < 5_000, "publishing did not wait for the stalled output (" + ms + " ms)");
        assertTrue(h.dropped() >= 999, "records beyond the queue are dropped, not waited for: " + h.dropped());

        target.release.countDown();
        h.close();
        assertEquals("line 0", target.written.get(0));
        assertTrue(target.written.stream().anyMatch(m -> m.startsWith("log queue full: ") && m.endsWith(" log records dropped")),
                "the loss is reported");
    }
}
