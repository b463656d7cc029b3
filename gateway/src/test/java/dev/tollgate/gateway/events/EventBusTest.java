package dev.tollgate.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.util.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

    @AfterEach void stop() { loop.shutdownNow(); }

    /** A connection: text written, flushed, writability, closing. Runs on {@code loop}. */
    final class FakeSink implements EventSink {
        final StringBuffer written = new StringBuffer();
        volatile boolean writable = true;
        volatile boolean closed;
        volatile int flushes;
        private final List<Runnable> onClose = new ArrayList<>();
        private Runnable onWritable = () -> { };

        @Override public ScheduledExecutorService executor() { return loop; }
        @Override public boolean isWritable() { return writable; }
        @Override public void write(String text) { written.append(text); }
        @Override public void flush() { flushes++; }
        @Override public synchronized void close() {
            closed = true;
            onClose.forEach(Runnable::run);
        }
        @Override public void onWritable(Runnable r) { onWritable = r; }
        @Override public synchronized void onClose(Runnable r) {
            if (closed) r.run();
            else onClose.add(r);
        }
        void becomeWritable() {
            writable = true;
            loop.execute(onWritable);
        }
        List<Long> seqs() {
            List<Long> out = new ArrayList<>();
            Matcher m = Pattern.compile("id: b-(\\d+)\nevent: ").matcher(written);
            while (m.find()) out.add(Long.parseLong(m.group(1)));
            return out;
        }
    }

    private void settle() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS));
        CountDownLatch again = new CountDownLatch(1); // drains scheduled by the first round
        loop.execute(again::countDown);
        assertTrue(again.await(5, TimeUnit.SECONDS));
    }

    private static void publish(EventBus bus, int n) {
        for (int i = 0; i < n; i++) bus.publish("intent.created", Json.object().put("i", i));
    }

    @Test void aFreshSubscriberGetsItsPositionThenLiveEventsFlushedEach() throws Exception {
        EventBus bus = new EventBus("b", 100, 10, Duration.ofHours(1));
        publish(bus, 2);
        FakeSink sink = new FakeSink();
        bus.subscribe(sink, null);
        settle();
        assertEquals("retry: 2000\nid: b-2\n\n", sink.written.toString());
        publish(bus, 1);
        settle();
        assertTrue(sink.written.toString().endsWith("id: b-3\nevent: intent.created\ndata: {\"i\":0}\n\n"), sink.written.toString());
        assertTrue(sink.flushes >= 2);
    }

    @Test void aReplayThenLiveWithoutGapsOrDuplicatesWhilePublishersRace() throws Exception {
        EventBus bus = new EventBus("b", 100_000, 100_000, Duration.ofHours(1));
        publish(bus, 50);
        Thread[] publishers = new Thread[4];
        for (int t = 0; t < publishers.length; t++) {
            publishers[t] = new Thread(() -> publish(bus, 2_000));
            publishers[t].start();
        }
        List<FakeSink> sinks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FakeSink s = new FakeSink();
            bus.subscribe(s, "b-" + (i * 2));
            sinks.add(s);
            Thread.sleep(1);
        }
        for (Thread t : publishers) t.join();
        settle();
        long total = 50 + 4 * 2_000;
        for (int i = 0; i < sinks.size(); i++) {
            List<Long> seqs = sinks.get(i).seqs();
            assertEquals(total - i * 2L, seqs.size(), "subscriber " + i);
            for (int k = 0; k < seqs.size(); k++) assertEquals(i * 2L + 1 + k, seqs.get(k));
        }
    }

    @Test void aResetComesFirstForAnIdThatCannotBeResumed() throws Exception {
        EventBus bus = new EventBus("b", 3, 10, Duration.ofHours(1));
        publish(bus, 5);
        FakeSink sink = new FakeSink();
        bus.subscribe(sink, "b-1");
        publish(bus, 1);
        settle();
        assertTrue(sink.written.toString().startsWith(
                "retry: 2000\nid: b-5\nevent: reset\ndata: {\"reason\":\"too_old\"}\n\nid: b-6\nevent: "), sink.written.toString());
    }

    @Test void aSubscriberThatFallsTooFarBehindIsClosedWithoutBlockingOthers() throws Exception {
        EventBus bus = new EventBus("b", 1000, 5, Duration.ofHours(1));
        FakeSink slow = new FakeSink();
        FakeSink fast = new FakeSink();
        bus.subscribe(slow, null);
        bus.subscribe(fast, null);
        settle();
        slow.writable = false;
        publish(bus, 5);
        settle();
        assertEquals(List.of(), slow.seqs(), "nothing written while the connection is not writable");
        slow.becomeWritable();
        settle();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), slow.seqs(), "resumed when writable again");
        slow.writable = false;
        for (int i = 0; i < 6; i++) { // one more than its queue holds; the fast one keeps up
            publish(bus, 1);
            settle();
        }
        assertTrue(slow.closed, "too far behind: closed");
        assertEquals(1, bus.subscriberCount(), "and unregistered");
        assertEquals(11, fast.seqs().size());
        publish(bus, 1);
        settle();
        assertEquals(12, fast.seqs().size());
    }

    @Test void heartbeatsAreCommentsSentOnTheLoop() throws Exception {
        EventBus bus = new EventBus("b", 10, 10, Duration.ofMillis(20));
        FakeSink sink = new FakeSink();
        bus.subscribe(sink, null);
        Thread.sleep(150);
        assertTrue(sink.written.toString().contains(": keep-alive\n\n"), sink.written.toString());
        sink.close();
        assertEquals(0, bus.subscriberCount());
    }
}
