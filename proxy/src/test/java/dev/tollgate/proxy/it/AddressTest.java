package dev.tollgate.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.support.ProxyHarness;
import dev.tollgate.proxy.support.RawHttp;
import dev.tollgate.proxy.support.TestUpstream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an approved request may go (SPEC §5.5), and what a failed forward answers and records. */
class AddressTest {
    @TempDir Path dir;
    ProxyHarness h;

    @AfterEach void stop() {
        if (h != null) h.close();
    }

    private RawHttp.Response get(String url) throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            return c.send("GET " + url + " HTTP/1.1\r\nHost: x\r\nProxy-Authorization: " + h.basic() + "\r\n\r\n").read();
        }
    }

    private void assertFailedWith(RawHttp.Response r, int status, String code) throws Exception {
        assertEquals(status, r.status(), r.body());
        JsonNode b = Json.MAPPER.readTree(r.body());
        assertEquals(code, b.get("code").asText());
        String id = r.header("X-Gate-Intent-Id");
        assertEquals(id, b.get("intentId").asText());
        assertEquals("failed", h.awaitStatus(id, "failed").status().wire());
        assertTrue(h.auditTypes(id).contains("execution_failed"));
    }

    @Test void aPrivateAddressIsRefusedUnlessAllowed() throws Exception {
        h = new ProxyHarness(dir, c -> c, List.of(), ProxyHarness.AddressPolicyKind.PUBLIC_ONLY);
        try (TestUpstream up = TestUpstream.plain()) {
            assertFailedWith(get("http://api.test:" + up.port() + "/"), 403, "private_address_blocked");
            assertFailedWith(get("http://127.0.0.1:" + up.port() + "/"), 403, "private_address_blocked");
            assertEquals(0, up.connections.get());
        }
    }

    @Test void theProxysOwnListenerIsRefusedEvenWhenLoopbackIsAllowed() throws Exception {
        h = ProxyHarness.start(dir);
        assertFailedWith(get("http://127.0.0.1:" + h.port() + "/"), 403, "own_listener_blocked");
        assertFailedWith(get("http://localhost:" + h.port() + "/loop"), 403, "own_listener_blocked");
    }

    @Test void aConnectErrorIs502() throws Exception {
        h = ProxyHarness.start(dir);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertFailedWith(get("http://api.test:" + closed + "/"), 502, "upstream_connect_failed");
    }

    @Test void noResponseHeadersInTimeIs504() throws Exception {
        h = ProxyHarness.start(dir, c -> c.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(60)),
                List.of());
        try (TestUpstream up = TestUpstream.plain()) {
            assertFailedWith(get("http://api.test:" + up.port() + "/slow"), 504, "upstream_timeout");
        }
    }

    @Test void anUnresolvableHostIs502() throws Exception {
        h = ProxyHarness.start(dir);
        h.mapper.route("nowhere.invalid", "allow");
        assertFailedWith(get("http://nowhere.invalid/"), 502, "upstream_dns_failed");
    }
}
