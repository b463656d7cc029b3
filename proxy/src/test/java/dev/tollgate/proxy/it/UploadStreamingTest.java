package dev.tollgate.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.exchange.RequestDigest;
import dev.tollgate.proxy.support.ProxyHarness;
import dev.tollgate.proxy.support.RawHttp;
import dev.tollgate.proxy.support.UploadUpstream;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies that stream (SPEC §5.1) and the ones that must not, through a real proxy to a counting origin. */
class UploadStreamingTest {
    static final int MIB = 1024 * 1024;

    @TempDir Path dir;
    ProxyHarness h;
    UploadUpstream up;

    @BeforeEach void start() throws Exception {
        h = ProxyHarness.start(dir);
        up = new UploadUpstream();
    }

    @AfterEach void stop() {
        up.close();
        h.close();
    }

    private String url(String host, String path) { return "http://" + host + ":" + up.port() + path; }

    private String head(String method, String host, String path, String... headers) {
        StringBuilder sb = new StringBuilder(method + " " + url(host, path) + " HTTP/1.1\r\nHost: " + host
                + "\r\nProxy-Authorization: " + h.basic() + "\r\n");
        for (String x : headers) sb.append(x).append("\r\n");
        return sb.append("\r\n").toString();
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    static String sha256(byte[] b) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)); }

    static long nettyUsedMemory() {
        var m = ((PooledByteBufAllocator) ByteBufAllocator.DEFAULT).metric();
        return m.usedDirectMemory() + m.usedHeapMemory();
    }

    private JsonNode outcome(String intentId, String type) throws Exception {
        ProxyHarness.await(type + " recorded", () -> {
            try {
                return h.auditTypes(intentId).contains(type);
            } catch (Exception e) {
                return false;
            }
        });
        for (AuditEvent e : h.intents.audit(intentId).get(10, TimeUnit.SECONDS)) {
            if (e.eventType().equals(type)) return e.metadata();
        }
        throw new AssertionError("no " + type);
    }

    /** A 64 MiB body the upstream starts receiving while the client is still sending; never aggregated. */
    @Test void a64MiBUploadUnderAllowStreamsWithBoundedMemory() throws Exception {
        long size = 64L * MIB;
        up.pauseMillisPerRead = 1; // a slowish origin: the proxy must hold the client back, not buffer
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        AtomicLong upstreamBytesAtQuarter = new AtomicLong(-1);
        AtomicLong peak = new AtomicLong();
        long baseline = nettyUsedMemory();
        // A fresh stream per attempt: the client sends once without credentials (407), then again with them.
        java.util.function.Supplier<InputStream> body = () -> new InputStream() {
            long n;

            @Override public int read() { throw new UnsupportedOperationException(); }

            @Override public int read(byte[] b, int off, int len) {
                if (n >= size) return -1;
                if (n == 0) sent.reset();
                if (n >= size / 4 && upstreamBytesAtQuarter.get() < 0 && up.connections.get() > 0) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (up.bodyBytes.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
                    upstreamBytesAtQuarter.set(up.bodyBytes.get());
                }
                int k = (int) Math.min(len, size - n);
                for (int i = 0; i < k; i++) b[off + i] = (byte) ((n + i) * 7);
                sent.update(b, off, k);
                n += k;
                peak.accumulateAndGet(nettyUsedMemory() - baseline, Math::max);
                return k;
            }
        };
        HttpResponse<String> r = h.client().send(HttpRequest.newBuilder(URI.create(url("api.test", "/upload")))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), size))
                .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofString());
        String sha = HexFormat.of().formatHex(sent.digest());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(size + " " + sha, r.body(), "the origin got exactly the body");
        assertTrue(upstreamBytesAtQuarter.get() > 0, "the origin received bytes before the client had sent a quarter");
        assertTrue(peak.get() < 32L * MIB, "the proxy's buffers grew by " + peak.get() + " bytes, not by the body's size");
        String id = r.headers().firstValue("X-Gate-Intent-Id").orElseThrow();
        JsonNode streamed = outcome(id, "execution_succeeded").get("request_body");
        assertTrue(streamed.get("streamed").asBoolean());
        assertEquals(size, streamed.get("bytes").asLong());
        assertEquals(sha, streamed.get("sha256").asText());
        assertTrue(streamed.get("complete").asBoolean());
        Intent i = h.intent(id);
        assertEquals(size, i.payloadSize());
        assertEquals(RequestDigest.streamed("POST", url("api.test", "/upload"), size, "application/octet-stream", null),
                i.requestDigest(), "the digest binds the headers and length, marked as not inspected");
        assertEquals(1, up.connections.get());
    }

    @Test void curlUploadsStreamUnderAllowAndAre413WithoutAConnectionUnderAnInspectingPolicy() throws Exception {
        byte[] data = pattern(64 * MIB, 3);
        Path file = Files.write(dir.resolve("upload.bin"), data);
        List<String> allowed = curl(file, url("api.test", "/c"));
        assertEquals("200", allowed.get(allowed.size() - 1), String.join("\n", allowed));
        assertTrue(allowed.get(0).startsWith(data.length + " " + sha256(data)), allowed.get(0));
        int before = up.connections.get();
        List<String> inspected = curl(file, url("inspect.test", "/c"));
        assertEquals("413", inspected.get(inspected.size() - 1), String.join("\n", inspected));
        assertTrue(inspected.get(0).contains("body_too_large"), inspected.get(0));
        assertEquals(before, up.connections.get(), "no connection to the origin for the refused upload");
    }

    private List<String> curl(Path file, String target) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "-x", "http://127.0.0.1:" + h.port(), "--proxy-user",
                "test-agent:" + h.agentKey, "-H", "Content-Type: text/plain", "--data-binary", "@" + file,
                "-w", "\n%{http_code}", target).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "curl finished");
        return Arrays.asList(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }

    /** Pending: the body is buffered as before, the digest covers it, and the retry forwards exactly it. */
    @Test void aPendingUploadIsBufferedAndItsRetryForwardsExactlyThatBody() throws Exception {
        byte[] body = pattern(MIB, 5);
        String req = head("POST", "review.test", "/pay", "Content-Type: application/octet-stream", "Content-Length: " + MIB);
        String id;
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send(req).send(body).read();
            assertEquals(202, r.status(), r.body());
            id = r.header("X-Gate-Intent-Id");
        }
        assertEquals(0, up.connections.get());
        assertEquals(RequestDigest.of("POST", url("review.test", "/pay"), sha256(body)), h.intent(id).requestDigest());
        assertEquals(1, h.allIntents().size(), "one intent, proposed once, with the whole body");
        h.approve(id);
        String retry = head("POST", "review.test", "/pay", "Content-Type: application/octet-stream",
                "Content-Length: " + MIB, "X-Gate-Intent-Id: " + id);
        try (RawHttp c = new RawHttp(h.port())) {
            byte[] other = body.clone();
            other[MIB - 1] ^= 1;
            RawHttp.Response mismatch = c.send(retry).send(other).read();
            assertEquals(409, mismatch.status());
            assertEquals("request_mismatch", Json.MAPPER.readTree(mismatch.body()).get("code").asText());
            RawHttp.Response ok = c.send(retry).send(body).read();
            assertEquals(200, ok.status(), ok.body());
            assertEquals(MIB + " " + sha256(body), ok.body());
        }
        assertEquals(List.of("complete:" + sha256(body) + ":" + MIB), up.endings);
        assertNull(outcome(id, "execution_succeeded").get("request_body"), "a buffered body is covered by the digest");
    }

    /** The client leaves mid-body: the origin is reset, never sees a complete request; the intent failed. */
    @Test void aClientAbortMidUploadResetsTheOriginAndFailsTheIntent() throws Exception {
        String id = cutOff(true);
        JsonNode failed = outcome(id, "execution_failed");
        assertEquals("client_aborted", failed.get("error").asText());
        assertFalse(failed.get("request_body").get("complete").asBoolean());
        assertTrue(failed.get("request_body").get("bytes").asLong() > 0);
        assertEquals("failed", h.awaitStatus(id, "failed").status().wire());
    }

    /** Fewer bytes than Content-Length, then a clean close: the origin still gets a reset, not a complete request. */
    @Test void aShortBodyThenCloseIsAResetAtTheOrigin() throws Exception {
        String id = cutOff(false);
        assertEquals("client_aborted", outcome(id, "execution_failed").get("error").asText());
    }

    private String cutOff(boolean reset) throws Exception {
        RawHttp c = new RawHttp(h.port());
        c.send(head("POST", "api.test", "/up", "Content-Length: " + 8 * MIB)).send(pattern(MIB, 1));
        ProxyHarness.await("first bytes upstream", () -> up.bodyBytes.get() > 0);
        if (reset) c.socket.setSoLinger(true, 0);
        else c.socket.shutdownOutput();
        c.close();
        ProxyHarness.await("the origin saw the end", () -> !up.endings.isEmpty());
        assertEquals(List.of("reset"), up.endings, "a reset, not a complete request");
        assertTrue(up.bodyBytes.get() < 8 * MIB);
        return h.allIntents().get(0).id();
    }

    @Test void anOriginThatDiesMidUploadIs502ToTheClient() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            byte[] body = pattern(4 * MIB, 2);
            c.send(head("POST", "api.test", "/die", "Content-Length: " + body.length));
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    c.send(body);
                } catch (Exception ignored) {
                    // the proxy may close once it has answered
                }
            });
            RawHttp.Response r = c.read();
            assertEquals(502, r.status(), r.body());
            assertEquals("upstream_connect_failed", Json.MAPPER.readTree(r.body()).get("code").asText());
            String id = r.header("X-Gate-Intent-Id");
            sending.get(10, TimeUnit.SECONDS);
            JsonNode failed = outcome(id, "execution_failed");
            assertFalse(failed.get("request_body").get("complete").asBoolean());
        }
    }

    @Test void expectContinueIsAnsweredOnlyOnceApprovedAndChunkedBodiesStayChunked() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            c.send(head("POST", "api.test", "/e", "Content-Length: 5", "Expect: 100-continue"));
            assertEquals(100, c.read().status());
            RawHttp.Response r = c.send("hello").read();
            assertEquals(200, r.status(), r.body());
            assertEquals("5 " + sha256("hello".getBytes(StandardCharsets.UTF_8)), r.body());
            assertNull(up.heads.get(0).headers().get("Expect"), "the origin never sees Expect");
            RawHttp.Response chunked = c.send(head("POST", "api.test", "/chunks", "Transfer-Encoding: chunked")
                    + "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n").read();
            assertEquals("7 " + sha256("abcdefg".getBytes(StandardCharsets.UTF_8)), chunked.body());
            assertEquals("chunked", up.heads.get(1).headers().get("Transfer-Encoding"));
            JsonNode streamed = outcome(chunked.header("X-Gate-Intent-Id"), "execution_succeeded").get("request_body");
            assertEquals(7, streamed.get("bytes").asLong());
            assertTrue(streamed.get("declared_length").isNull());
        }
    }

    @Test void anOriginThatAnswersBeforeTheBodyEndsIsNotReused() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            c.send(head("POST", "api.test", "/early", "Content-Length: " + 2 * MIB));
            RawHttp.Response r = c.read();
            assertEquals(413, r.status(), "the origin's own answer");
            c.send(pattern(2 * MIB, 9));
            RawHttp.Response next = c.send(head("POST", "api.test", "/n", "Content-Length: 2") + "ok").read();
            assertEquals(200, next.status(), next.body());
        }
        assertEquals(2, up.connections.get(), "the half-sent connection was not pooled");
    }
}
