package dev.tollgate.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.log.AccessLog;
import dev.tollgate.proxy.support.ProxyHarness;
import dev.tollgate.proxy.support.RawHttp;
import dev.tollgate.proxy.support.TestUpstream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One access-log line per proxied request; metrics events for the gateway's Prometheus bridge. */
class ObservabilityTest {
    @TempDir Path dir;
    ProxyHarness h;
    TestUpstream up;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Logger access = Logger.getLogger(AccessLog.LOGGER);
    final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { lines.add(r.getMessage()); }
        @Override public void flush() { }
        @Override public void close() { }
    };

    @BeforeEach void start() throws Exception {
        access.addHandler(capture);
        h = ProxyHarness.start(dir);
        up = TestUpstream.plain();
    }

    @AfterEach void stop() {
        access.removeHandler(capture);
        up.close();
        h.close();
    }

    private JsonNode line(int i) throws Exception { return Json.MAPPER.readTree(lines.get(i)); }

    @Test void eachRequestLogsOneStructuredLineWithoutQueryValues() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            String auth = "\r\nProxy-Authorization: " + h.basic() + "\r\n\r\n";
            RawHttp.Response ok = c.send("POST http://api.test:" + up.port() + "/pay?token=s3cret HTTP/1.1\r\nHost: api.test"
                    + "\r\nContent-Length: 3" + auth.substring(0, auth.length() - 2) + "\r\nabc").read();
            assertEquals(200, ok.status());
            assertEquals(403, c.send("GET http://blocked.test/x?k=v HTTP/1.1\r\nHost: blocked.test" + auth).read().status());
        }
        ProxyHarness.await("two access lines", () -> lines.size() >= 2);
        JsonNode a = line(0);
        assertEquals("test-agent", a.get("agent").asText());
        assertEquals("POST", a.get("method").asText());
        assertEquals("http://api.test:" + up.port() + "/pay?token=", a.get("url").asText());
        assertEquals("api.test.http", a.get("destination").asText());
        assertEquals("allow", a.get("policy").asText());
        assertEquals("approved", a.get("decision").asText());
        assertEquals("approved_by_policy", a.get("reason_code").asText());
        assertTrue(a.get("intent_id").asText().startsWith("int_"));
        assertEquals(200, a.get("upstream_status").asInt());
        assertEquals(3, a.get("bytes_in").asLong());
        assertTrue(a.get("bytes_out").asLong() > 0);
        assertTrue(a.get("decision_ms").asDouble() >= 0);
        assertTrue(a.get("upstream_ms").asDouble() >= 0);
        assertTrue(a.get("total_ms").asDouble() >= a.get("decision_ms").asDouble());
        JsonNode b = line(1);
        assertEquals("blocked", b.get("decision").asText());
        assertEquals("destination_not_allowed", b.get("reason_code").asText());
        assertTrue(b.get("upstream_status").isNull());
        assertFalse(String.join("\n", lines).contains("s3cret"), "query values never logged");

        assertEquals(List.of("approved", "blocked"), h.metrics.completed);
        assertEquals(List.of(200), h.metrics.upstreamStatuses);
        assertEquals(List.of(false), h.metrics.connections);
    }

    @Test void theHeldGaugeFollowsHolds() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            c.send("GET http://hold.test:" + up.port() + "/x HTTP/1.1\r\nHost: hold.test\r\nProxy-Authorization: " + h.basic()
                    + "\r\n\r\n");
            ProxyHarness.await("held", () -> h.held.count() == 1);
            h.reject(h.held.snapshot().get(0).intentId());
            assertEquals(403, c.read().status());
        }
        assertEquals(List.of(1, 0), h.metrics.held);
    }
}
