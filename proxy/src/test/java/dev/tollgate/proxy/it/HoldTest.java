package dev.tollgate.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.hold.HeldView;
import dev.tollgate.proxy.route.PendingMode;
import dev.tollgate.proxy.support.ProxyHarness;
import dev.tollgate.proxy.support.RawHttp;
import dev.tollgate.proxy.support.TestUpstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Held connections (SPEC §5.3 hold mode, §5.4). */
class HoldTest {
    @TempDir Path dir;
    ProxyHarness h;
    TestUpstream up;

    @BeforeEach void start() throws Exception {
        h = ProxyHarness.start(dir, c -> c.withPending(PendingMode.RETRY, Duration.ofSeconds(30), 30), List.of());
        up = TestUpstream.plain();
    }

    @AfterEach void stop() {
        up.close();
        h.close();
    }

    private String get(String host, String path, String... extra) {
        StringBuilder sb = new StringBuilder("GET http://" + host + ":" + up.port() + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nProxy-Authorization: " + h.basic() + "\r\n");
        for (String x : extra) sb.append(x).append("\r\n");
        return sb.append("\r\n").toString();
    }

    /** Reads the response on another thread, noting when it arrived. */
    private record Pending(CompletableFuture<RawHttp.Response> response, long[] arrivedNanos) {}

    private static Pending readAsync(RawHttp c) {
        long[] at = new long[1];
        CompletableFuture<RawHttp.Response> f = CompletableFuture.supplyAsync(() -> {
            try {
                RawHttp.Response r = c.read();
                at[0] = System.nanoTime();
                return r;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new Pending(f, at);
    }

    private HeldView awaitHeld() throws InterruptedException {
        ProxyHarness.await("a held request", () -> h.held.count() == 1);
        return h.held.snapshot().get(0);
    }

    @Test void approvalReleasesTheHeldRequestWithin100msAndItIsForwardedOnTheSameConnection() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            c.send(get("hold.test", "/transfer?amount=5"));
            Pending p = readAsync(c);
            HeldView v = awaitHeld();
            assertEquals("GET", v.method());
            assertEquals("hold.test", v.hostname());
            assertEquals("/transfer", v.path());
            assertEquals("http", v.type());
            assertEquals("http://hold.test:" + up.port() + "/transfer?amount=", v.url());
            assertEquals(h.agentId, v.agentId());
            assertEquals("test-agent", v.agentName());
            assertEquals("hold.test.http", v.destination());
            assertEquals("review", v.policy());
            assertTrue(v.expiresAt() > v.createdAt());
            assertTrue(v.client().startsWith("127.0.0.1:"));
            assertEquals(0, up.connections.get(), "nothing reaches the destination while held");
            assertEquals(0, h.lookups.get(), "no DNS lookup while held");

            h.approve(v.intentId());
            long approvedAt = System.nanoTime();
            RawHttp.Response r = p.response().get(5, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(p.arrivedNanos()[0] - approvedAt);
            assertEquals(200, r.status(), r.body());
            assertEquals(v.intentId(), r.header("X-Gate-Intent-Id"));
            assertTrue(ms < 100, "released " + ms + " ms after the approval");
            assertEquals(0, h.held.count());
            assertEquals(1, up.requests.size());
            // The connection is still usable afterwards.
            assertEquals(200, c.send(get("api.test", "/after")).read().status());
        }
    }

    @Test void rejectionAnswers403() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            c.send(get("hold.test", "/x"));
            Pending p = readAsync(c);
            HeldView v = awaitHeld();
            h.reject(v.intentId());
            RawHttp.Response r = p.response().get(5, TimeUnit.SECONDS);
            assertEquals(403, r.status());
            assertEquals("rejected", r.header("X-Gate-Decision"));
            JsonNode b = Json.MAPPER.readTree(r.body());
            assertEquals("rejected_by_reviewer", b.get("reason_code").asText());
            assertEquals(v.intentId(), b.get("intentId").asText());
        }
        assertEquals(0, up.connections.get());
    }

    @Test void theWaitHeaderHoldsARequestWhoseRuleWouldRetry() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            c.send(get("review.test", "/x", "X-Gate-Wait: true"));
            Pending p = readAsync(c);
            HeldView v = awaitHeld();
            h.approve(v.intentId());
            assertEquals(200, p.response().get(5, TimeUnit.SECONDS).status());
            assertEquals(null, up.last().header("X-Gate-Wait"));
        }
    }

    @Test void aHoldTimesOutWith504AndTheIntentStaysPending() throws Exception {
        h.close();
        h = ProxyHarness.start(dir.resolve("short"), c -> c.withPending(PendingMode.HOLD, Duration.ofMillis(300), 30),
                List.of());
        try (RawHttp c = new RawHttp(h.port())) {
            long t0 = System.nanoTime();
            RawHttp.Response r = c.send(get("review.test", "/x")).read();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(504, r.status());
            String id = r.header("X-Gate-Intent-Id");
            JsonNode b = Json.MAPPER.readTree(r.body());
            assertEquals("hold_timeout", b.get("code").asText());
            assertEquals(id, b.get("intentId").asText());
            assertTrue(ms >= 250 && ms < 5000, "timed out after " + ms + " ms");
            assertEquals("pending_approval", h.intent(id).status().wire());
            assertEquals(0, h.held.count());
        }
        assertEquals(0, up.connections.get());
    }

    @Test void aClientThatDisconnectsDropsItsHoldAndTheIntentStaysPending() throws Exception {
        String id;
        try (RawHttp c = new RawHttp(h.port())) {
            c.send(get("hold.test", "/x"));
            id = awaitHeld().intentId();
        }
        ProxyHarness.await("the hold to be dropped", () -> h.held.count() == 0);
        assertEquals("pending_approval", h.intent(id).status().wire());
        h.approve(id);
        Thread.sleep(100);
        assertEquals(0, up.connections.get(), "an approval after the client left forwards nothing");
    }

    @Test void identicalHeldRequestsShareOneIntentAndOnlyOneIsForwarded() throws Exception {
        try (RawHttp a = new RawHttp(h.port()); RawHttp b = new RawHttp(h.port())) {
            a.send(get("hold.test", "/same"));
            ProxyHarness.await("first hold", () -> h.held.count() == 1);
            b.send(get("hold.test", "/same"));
            ProxyHarness.await("second hold", () -> h.held.count() == 2);
            List<HeldView> held = h.held.snapshot();
            assertEquals(held.get(0).intentId(), held.get(1).intentId(), "joined, not queued twice");
            Pending pa = readAsync(a);
            Pending pb = readAsync(b);
            h.approve(held.get(0).intentId());
            int first = pa.response().get(5, TimeUnit.SECONDS).status();
            int second = pb.response().get(5, TimeUnit.SECONDS).status();
            assertEquals(List.of(200, 409), List.of(first, second).stream().sorted().toList());
        }
        assertEquals(1, up.requests.size());
    }
}
