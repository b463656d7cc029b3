package dev.tollgate.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.support.ProxyHarness;
import dev.tollgate.proxy.support.RawHttp;
import dev.tollgate.proxy.support.TestUpstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and limits (SPEC §5.6), body inspection (§5.1, §5.2). */
class LimitsTest {
    @TempDir Path dir;
    ProxyHarness h;
    TestUpstream up;

    @BeforeEach void start() throws Exception {
        h = ProxyHarness.start(dir);
        up = TestUpstream.plain();
    }

    @AfterEach void stop() {
        up.close();
        h.close();
    }

    private String head(String method, String host, String path, String... headers) {
        StringBuilder sb = new StringBuilder(method + " http://" + host + ":" + up.port() + path + " HTTP/1.1\r\nHost: "
                + host + "\r\nProxy-Authorization: " + h.basic() + "\r\n");
        for (String x : headers) sb.append(x).append("\r\n");
        return sb.append("\r\n").toString();
    }

    private RawHttp.Response refusedAndClosed(String request, int status, String code) throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send(request).read();
            assertEquals(status, r.status(), r.body());
            assertEquals(code, Json.MAPPER.readTree(r.body()).get("code").asText());
            assertTrue(c.closedWithin(2000), "the connection closes");
            return r;
        }
    }

    @Test void contentLengthWithTransferEncodingIsRefusedAndNothingForwarded() throws Exception {
        refusedAndClosed(head("POST", "api.test", "/s", "Content-Length: 4", "Transfer-Encoding: chunked")
                + "0\r\n\r\nGET http://api.test:" + up.port() + "/smuggled HTTP/1.1\r\nHost: api.test\r\n\r\n", 400, "invalid_framing");
        refusedAndClosed(head("POST", "api.test", "/s", "Content-Length: 3", "Content-Length: 40") + "abc", 400, "invalid_framing");
        refusedAndClosed(head("POST", "api.test", "/s", "Content-Length: 3", "Content-Length: 3") + "abc", 400, "invalid_framing");
        refusedAndClosed(head("POST", "api.test", "/s", "Transfer-Encoding: gzip, chunked") + "0\r\n\r\n", 400, "invalid_framing");
        assertEquals(0, up.connections.get(), "nothing forwarded");
        assertEquals(0, h.allIntents().size(), "refused before any intent");
    }

    @Test void overlongRequestLineIs414AndOversizedHeadersAre431() throws Exception {
        refusedAndClosed(head("GET", "api.test", "/" + "a".repeat(9000)), 414, "uri_too_long");
        refusedAndClosed(head("GET", "api.test", "/", "X-Big: " + "b".repeat(33 * 1024)), 431, "headers_too_large");
        refusedAndClosed("THIS IS NOT HTTP\r\n\r\n", 400, "malformed_request");
        assertEquals(0, up.connections.get());
    }

    @Test void aBodyOverTheInspectionLimitUnderAnInspectingPolicyIs413() throws Exception {
        // 4 MiB, more than loopback's socket buffers hold: the client is still writing when the 413
        // goes out, so the proxy must read the rest before closing or the client sees a reset.
        int size = 4 * 1024 * 1024;
        RawHttp.Response r = refusedAndClosed(head("POST", "inspect.test", "/big", "Content-Type: text/plain",
                "Content-Length: " + size) + "x".repeat(size), 413, "body_too_large");
        assertTrue(Json.MAPPER.readTree(r.body()).get("error").asText().contains("1048576"), r.body());
        refusedAndClosed(head("POST", "inspect.test", "/big", "Content-Type: text/plain", "Content-Length: " + size,
                "Expect: 100-continue"), 413, "body_too_large");
        assertEquals(0, up.connections.get());
    }

    @Test void aLargeBodyUnderAPolicyThatDoesNotInspectStreamsAsTheClientFramedIt() throws Exception {
        int size = 2 * 1024 * 1024;
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send(head("POST", "api.test", "/upload", "Content-Type: application/octet-stream",
                    "Transfer-Encoding: chunked") + Integer.toHexString(size) + "\r\n" + "z".repeat(size) + "\r\n0\r\n\r\n").read();
            assertEquals(200, r.status());
            Intent i = h.intent(r.header("X-Gate-Intent-Id"));
            assertEquals(0, i.payloadSize(), "a chunked body's size is not known when it is decided");
            assertEquals("binary", i.payloadType());
            assertEquals(true, i.metadata().get("body_streamed").asBoolean());
        }
        assertEquals(size, up.last().body().length()); // the framing it kept: UploadStreamingTest (this origin aggregates)
    }

    @Test void theInspectingPolicyReadsTheWholeBody() throws Exception {
        String body = "x".repeat(5000) + " a forbidden phrase here";
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send(head("POST", "inspect.test", "/msg", "Content-Type: text/plain",
                    "Content-Length: " + body.length()) + body).read();
            assertEquals(403, r.status());
            assertEquals("blocked_term_detected", Json.MAPPER.readTree(r.body()).get("reason_code").asText());
            RawHttp.Response ok = c.send(head("POST", "inspect.test", "/msg", "Content-Type: text/plain",
                    "Content-Length: 5") + "hello").read();
            assertEquals(200, ok.status());
        }
    }

    @Test void theRecordCountComesFromTheRulesJsonPointer() throws Exception {
        StringBuilder many = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 150; i++) many.append(i == 0 ? "" : ",").append(i);
        String big = many.append("]}").toString();
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response pending = c.send(head("POST", "crm.test", "/import", "Content-Type: application/json",
                    "Content-Length: " + big.length()) + big).read();
            assertEquals(202, pending.status());
            JsonNode b = Json.MAPPER.readTree(pending.body());
            assertEquals("record_threshold_exceeded", b.get("reason_code").asText());
            assertEquals(150L, h.intent(b.get("intentId").asText()).recordCount());
            String small = "{\"records\":[1,2,3]}";
            RawHttp.Response ok = c.send(head("POST", "crm.test", "/import", "Content-Type: application/json",
                    "Content-Length: " + small.length(), "Idempotency-Key: k1") + small).read();
            assertEquals(200, ok.status());
            String dup = "{\"records\":[1,2,3,4]}";
            RawHttp.Response again = c.send(head("POST", "crm.test", "/import", "Content-Type: application/json",
                    "Content-Length: " + dup.length(), "Idempotency-Key: k1") + dup).read();
            assertEquals(403, again.status());
            assertEquals("duplicate_blocked", again.header("X-Gate-Decision"));
            assertEquals(ok.header("X-Gate-Intent-Id"), Json.MAPPER.readTree(again.body()).get("intentId").asText());
        }
    }

    @Test void anIdleClientIsDisconnected() throws Exception {
        h.close();
        h = ProxyHarness.start(dir.resolve("idle"), c -> c.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofMillis(300)), List.of());
        try (RawHttp c = new RawHttp(h.port())) {
            assertEquals(200, c.send(head("GET", "api.test", "/x")).read().status());
            long t0 = System.nanoTime();
            assertTrue(c.closedWithin(3000));
            assertTrue(System.nanoTime() - t0 > 200_000_000L);
        }
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response open = c.send("CONNECT api.test:443 HTTP/1.1\r\nHost: api.test:443\r\nProxy-Authorization: "
                    + h.basic() + "\r\n\r\n").read(true);
            assertEquals(200, open.status());
            assertTrue(c.closedWithin(3000), "a tunnel nobody talks into is idle too");
        }
    }
}
