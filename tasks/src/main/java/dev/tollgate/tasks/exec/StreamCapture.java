package dev.tollgate.tasks.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads one output stream of a command to its end, keeping the first {@code limit} bytes and
 * counting (then discarding) the rest. Reading never stops at the cap: a child blocked on a full
 * pipe would otherwise never exit and only the timeout would end it.
 *
 * <p>The stream may never end: a background grandchild that escaped every kill can hold the pipe
 * open. The runner therefore waits for the end only for a bounded time ({@link #awaitEnd}) and
 * then takes a {@link #snapshot}; this reader carries on discarding until the pipe closes.
 */
final class StreamCapture implements Runnable {
    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(); // grows as needed: most output is small
    private final CountDownLatch ended = new CountDownLatch(1);
    private long total;

    StreamCapture(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    @Override public void run() {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) != -1) {
                synchronized (this) {
                    int room = (int) Math.max(0, limit - (long) kept.size());
                    if (room > 0) kept.write(buf, 0, Math.min(room, n));
                    total += n;
                }
            }
        } catch (IOException e) {
            // The pipe was closed under us (runner shutting down): what was read stands.
        } finally {
            ended.countDown();
        }
    }

    /** Waits until end of stream or {@code deadlineNanos} (a {@link System#nanoTime} value); true when it ended. */
    boolean awaitEnd(long deadlineNanos) throws InterruptedException {
        return ended.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    synchronized Snapshot snapshot() {
        boolean cut = total > limit;
        byte[] bytes = kept.toByteArray();
        return new Snapshot(Utf8.decode(bytes, bytes.length, cut), cut, total);
    }

    record Snapshot(String text, boolean truncated, long totalBytes) {}
}
