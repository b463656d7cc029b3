package dev.tollgate.gateway.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Hands records to one writer thread. The proxy logs one access line per request from Netty event
 * loops; a synchronous write to stderr would stall every connection of that loop whenever the pipe
 * behind stderr is slow. When the queue is full records are dropped and counted, and the count is
 * logged once the writer catches up: losing log lines is better than stalling traffic.
 */
final class AsyncLogHandler extends Handler {
    static final int CAPACITY = 16_384;

    private final Handler target;
    private final BlockingQueue<LogRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    AsyncLogHandler(Handler target) {
        this.target = target;
        this.writer = new Thread(this::drain, "tollgate-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) return;
        if (!queue.offer(record)) dropped.incrementAndGet();
    }

    private void drain() {
        while (!closed || !queue.isEmpty()) {
            try {
                LogRecord r = queue.poll(200, TimeUnit.MILLISECONDS);
                if (r != null) target.publish(r);
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    target.publish(new LogRecord(Level.WARNING, "log queue full: " + lost + " log records dropped"));
                }
                if (r == null || queue.isEmpty()) target.flush();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long dropped() { return dropped.get(); }

    @Override public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try {
            while (!queue.isEmpty() && System.nanoTime() < deadline) Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        target.flush();
    }

    @Override public void close() {
        closed = true;
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        target.close();
    }
}
