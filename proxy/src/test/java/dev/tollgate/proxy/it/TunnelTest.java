package dev.tollgate.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.route.PendingMode;
import dev.tollgate.proxy.support.ProxyHarness;
import dev.tollgate.proxy.support.RawHttp;
import dev.tollgate.proxy.support.TestCa;
import dev.tollgate.proxy.support.TestUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONNECT without interception (passthrough hosts, interception off) and WebSocket upgrades. */
class TunnelTest {
    @TempDir Path dir;
    TestCa upstreamCa;
    ProxyHarness h;
    TestUpstream secure;

    @BeforeEach void start() throws Exception {
        upstreamCa = new TestCa("Upstream CA");
        secure = new TestUpstream(upstreamCa.serverContext("passthrough.test"));
    }

    @AfterEach void stop() {
        secure.close();
        if (h != null) h.close();
    }

    private String connect(String host, int port) {
        return "CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nProxy-Authorization: "
                + h.basic() + "\r\n\r\n";
    }

    private Intent onlyIntent() throws Exception {
        List<Intent> all = h.allIntents();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @Test void aPassthroughHostIsTunnelledWithoutInterceptionAsOneConnectIntent() throws Exception {
        h = ProxyHarness.start(dir, c -> c.withTls(true, List.of("*.test-never", "passthrough.test")), List.of());
        HttpResponse<String> r = h.client(upstreamCa.clientContext()).send(HttpRequest.newBuilder(
                URI.create("https://passthrough.test:" + secure.port() + "/end-to-end")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertFalse(r.headers().firstValue("X-Gate-Intent-Id").isPresent(), "end-to-end TLS: the proxy cannot add headers");
        assertEquals("/end-to-end", secure.last().uri());
        Intent i = onlyIntent();
        assertEquals("CONNECT", i.metadata().get("method").asText());
        assertEquals("passthrough.test:" + secure.port(), i.metadata().get("url").asText());
        assertEquals("succeeded", h.awaitStatus(i.id(), "succeeded").status().wire());
        assertEquals(0, h.ca.minted.get(), "no leaf minted for a passthrough host");
    }

    @Test void withInterceptionOffTheConnectIsTheIntent() throws Exception {
        h = ProxyHarness.start(dir, c -> c.withTls(false, List.of()), List.of());
        h.mapper.route("passthrough.test", "allow");
        HttpResponse<String> r = h.client(upstreamCa.clientContext()).send(HttpRequest.newBuilder(
                URI.create("https://passthrough.test:" + secure.port() + "/t")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("CONNECT", onlyIntent().metadata().get("method").asText());

        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response blocked = c.send(connect("blocked.test", secure.port())).read();
            assertEquals(403, blocked.status());
            assertEquals("blocked", blocked.header("X-Gate-Decision"));
            JsonNode b = Json.MAPPER.readTree(blocked.body());
            assertEquals("destination_not_allowed", b.get("reason_code").asText());
        }
        assertEquals(1, secure.connections.get(), "the blocked CONNECT opened nothing");
    }

    @Test void aPendingConnectIsHeldNever202AndTimesOutWith504() throws Exception {
        h = ProxyHarness.start(dir, c -> c.withTls(false, List.of()).withPending(PendingMode.RETRY, Duration.ofMillis(400), 30),
                List.of());
        h.mapper.route("passthrough.test", "review");
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send(connect("passthrough.test", secure.port())).read();
            assertEquals(504, r.status());
            assertEquals("hold_timeout", Json.MAPPER.readTree(r.body()).get("code").asText());
            assertEquals("pending_approval", h.intent(r.header("X-Gate-Intent-Id")).status().wire());
        }
        assertEquals(0, secure.connections.get());
        assertEquals(0, h.lookups.get());
    }

    @Test void anApprovedHeldConnectOpensTheTunnel() throws Exception {
        h = ProxyHarness.start(dir, c -> c.withTls(false, List.of()), List.of());
        h.mapper.route("passthrough.test", "review");
        try (RawHttp c = new RawHttp(h.port())) {
            c.send(connect("passthrough.test", secure.port()));
            ProxyHarness.await("held CONNECT", () -> h.held.count() == 1);
            assertEquals("CONNECT", h.held.snapshot().get(0).method());
            assertEquals(0, secure.connections.get());
            CompletableFuture<RawHttp.Response> open = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.read(true);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            h.approve(h.held.snapshot().get(0).intentId());
            assertEquals(200, open.get(5, TimeUnit.SECONDS).status());
            var ssl = (javax.net.ssl.SSLSocket) upstreamCa.clientContext().getSocketFactory()
                    .createSocket(c.socket, "passthrough.test", secure.port(), true);
            ssl.startHandshake();
            RawHttp inner = new RawHttp(ssl);
            assertEquals(200, inner.send("GET /through HTTP/1.1\r\nHost: passthrough.test\r\n\r\n").read().status());
        }
        assertEquals("/through", secure.last().uri());
    }

    @Test void aJavaClientCannotTunnelToABlockedHost() throws Exception {
        h = ProxyHarness.start(dir, c -> c.withTls(false, List.of()), List.of());
        IOException e = assertThrows(IOException.class, () -> h.client(upstreamCa.clientContext()).send(
                HttpRequest.newBuilder(URI.create("https://blocked.test:" + secure.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertTrue(String.valueOf(e.getMessage()).contains("403"), e.getMessage());
    }

    @Test void aWebSocketUpgradeIsDecidedThenRelayedBothWays() throws Exception {
        webSocket("");
    }

    @Test void a101WithoutSecWebSocketAcceptIsRelayedToo() throws Exception {
        webSocket("X-No-Accept: 1\r\n");
    }

    private void webSocket(String extra) throws Exception {
        h = ProxyHarness.start(dir);
        try (TestUpstream plain = TestUpstream.plain(); RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send("GET http://api.test:" + plain.port() + "/ws HTTP/1.1\r\nHost: api.test\r\n"
                    + "Proxy-Authorization: " + h.basic() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + extra
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").read(true);
            assertEquals(101, r.status());
            assertTrue(r.header("X-Gate-Intent-Id").startsWith("int_"));
            assertEquals("websocket", plain.last().header("Upgrade"));
            assertEquals("dGhlIHNhbXBsZSBub25jZQ==", plain.last().header("Sec-WebSocket-Key"));
            c.send("ping-bytes");
            InputStream in = c.socket.getInputStream();
            assertEquals("ping-bytes", new String(in.readNBytes(10), StandardCharsets.US_ASCII));
            c.send("second");
            assertEquals("second", new String(in.readNBytes(6), StandardCharsets.US_ASCII));
        }
    }
}
