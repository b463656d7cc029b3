package dev.tollgate.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.support.ProxyHarness;
import dev.tollgate.proxy.support.RawHttp;
import dev.tollgate.proxy.support.TestCa;
import dev.tollgate.proxy.support.TestUpstream;
import dev.tollgate.proxy.support.Tools;
import dev.tollgate.proxy.tls.UpstreamTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockserver.integration.ClientAndServer;
import static org.mockserver.model.HttpRequest.request;

/** HTTPS: TLS interception of CONNECT, verified upstream TLS, anti-fronting checks, real clients. */
class TlsTest {
    @TempDir Path dir;
    ProxyHarness h;
    TestCa upstreamCa;
    TestUpstream secure;

    @BeforeEach void start() throws Exception {
        upstreamCa = new TestCa("Upstream CA");
        h = ProxyHarness.start(dir, c -> c, List.of(upstreamCa.caCert));
        secure = new TestUpstream(upstreamCa.serverContext("secure.test"));
    }

    @AfterEach void stop() {
        secure.close();
        h.close();
    }

    private String secureUrl(String path) { return "https://secure.test:" + secure.port() + path; }

    @Test void anInterceptedHttpsRequestIsAnIntentAndIsForwardedOverVerifiedTls() throws Exception {
        HttpResponse<String> r = h.client().send(HttpRequest.newBuilder(URI.create(secureUrl("/inner?q=1")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        String id = r.headers().firstValue("X-Gate-Intent-Id").orElseThrow();
        assertEquals("/inner?q=1", secure.last().uri());
        assertEquals("{\"x\":1}", secure.last().body());
        Intent i = h.awaitStatus(id, "succeeded");
        assertEquals("secure.test.https", i.destination());
        assertEquals("https", i.metadata().get("scheme").asText());
        assertEquals("json", i.payloadType());
        assertEquals(1, h.ca.minted.get());
    }

    @Test void blockedAndPendingInsideTheTunnelReachNothing() throws Exception {
        var client = h.client();
        HttpResponse<String> blocked = client.send(HttpRequest.newBuilder(URI.create("https://blocked.test:" + secure.port() + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, blocked.statusCode());
        assertEquals("blocked", blocked.headers().firstValue("X-Gate-Decision").orElseThrow());
        HttpResponse<String> pending = client.send(HttpRequest.newBuilder(URI.create("https://review.test:" + secure.port() + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, pending.statusCode());
        assertEquals(0, secure.connections.get());
        assertEquals(0, h.lookups.get());
    }

    @Test void anUpstreamCertificateFromAnUntrustedCaIs502UpstreamTlsFailed() throws Exception {
        TestCa rogue = new TestCa("Rogue CA");
        try (TestUpstream bad = new TestUpstream(rogue.serverContext("untrusted.test"))) {
            HttpResponse<String> r = h.client().send(HttpRequest.newBuilder(
                    URI.create("https://untrusted.test:" + bad.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(502, r.statusCode());
            JsonNode b = Json.MAPPER.readTree(r.body());
            assertEquals("upstream_tls_failed", b.get("code").asText());
            String id = r.headers().firstValue("X-Gate-Intent-Id").orElseThrow();
            assertEquals("failed", h.awaitStatus(id, "failed").status().wire());
            assertTrue(h.auditTypes(id).contains("execution_failed"));
            assertTrue(bad.requests.isEmpty());
        }
    }

    @Test void anUpstreamCertificateForAnotherHostNameIs502() throws Exception {
        // other.test resolves to the upstream that presents secure.test's certificate.
        h.mapper.route("other.test", "allow");
        HttpResponse<String> r = h.client().send(HttpRequest.newBuilder(
                URI.create("https://other.test:" + secure.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, r.statusCode());
        assertEquals("upstream_tls_failed", Json.MAPPER.readTree(r.body()).get("code").asText());
        assertTrue(secure.requests.isEmpty());
    }

    private Socket connect(String host) throws Exception {
        RawHttp c = new RawHttp(h.port());
        RawHttp.Response r = c.send("CONNECT " + host + ":" + secure.port() + " HTTP/1.1\r\nHost: " + host + ":"
                + secure.port() + "\r\nProxy-Authorization: " + h.basic() + "\r\n\r\n").read(true);
        assertEquals(200, r.status());
        return c.socket;
    }

    private SSLSocket tls(Socket s, String sni) throws Exception {
        SSLSocket ssl = (SSLSocket) h.ca.clientContext().getSocketFactory().createSocket(s, sni, secure.port(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(sni)));
        ssl.setSSLParameters(p);
        return ssl;
    }

    @Test void anSniOtherThanTheConnectHostFailsTheHandshake() throws Exception {
        try (Socket s = connect("secure.test"); SSLSocket ssl = tls(s, "other.test")) {
            assertThrows(IOException.class, ssl::startHandshake);
        }
        assertEquals(0, secure.connections.get());
    }

    @Test void anInnerHostOtherThanTheConnectHostIs421AndTheConnectionCloses() throws Exception {
        try (Socket s = connect("secure.test"); SSLSocket ssl = tls(s, "secure.test")) {
            ssl.startHandshake();
            RawHttp inner = new RawHttp(ssl);
            RawHttp.Response r = inner.send("GET /x HTTP/1.1\r\nHost: other.test\r\n\r\n").read();
            assertEquals(421, r.status());
            assertEquals("misdirected_request", Json.MAPPER.readTree(r.body()).get("code").asText());
            assertTrue(inner.closedWithin(2000));
        }
        assertEquals(0, secure.connections.get());
    }

    @Test void aPortInTheInnerHostMustMatchToo() throws Exception {
        try (Socket s = connect("secure.test"); SSLSocket ssl = tls(s, "secure.test")) {
            ssl.startHandshake();
            RawHttp inner = new RawHttp(ssl);
            assertEquals(200, inner.send("GET /a HTTP/1.1\r\nHost: secure.test:" + secure.port() + "\r\n\r\n").read().status());
            assertEquals(421, inner.send("GET /b HTTP/1.1\r\nHost: secure.test:1\r\n\r\n").read().status());
        }
    }

    @Test void aWebSocketInsideAnInterceptedTunnelIsDecidedThenRelayed() throws Exception {
        try (Socket s = connect("secure.test"); SSLSocket ssl = tls(s, "secure.test")) {
            ssl.startHandshake();
            RawHttp inner = new RawHttp(ssl);
            RawHttp.Response r = inner.send("GET /ws HTTP/1.1\r\nHost: secure.test:" + secure.port() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").read(true);
            assertEquals(101, r.status());
            assertTrue(r.header("X-Gate-Intent-Id").startsWith("int_"));
            inner.send("hello over tls");
            assertEquals("hello over tls", new String(ssl.getInputStream().readNBytes(14), java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test void plainHttpInsideAConnectTunnelIsDecidedAsHttpToTheConnectHost() throws Exception {
        try (TestUpstream plain = TestUpstream.plain(); RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response open = c.send("CONNECT api.test:" + plain.port() + " HTTP/1.1\r\nHost: api.test\r\n"
                    + "Proxy-Authorization: " + h.basic() + "\r\n\r\n").read(true);
            assertEquals(200, open.status());
            RawHttp.Response r = c.send("GET /in-tunnel HTTP/1.1\r\nHost: api.test:" + plain.port() + "\r\n\r\n").read();
            assertEquals(200, r.status(), r.body());
            Intent i = h.intent(r.header("X-Gate-Intent-Id"));
            assertEquals("http", i.metadata().get("scheme").asText());
            assertEquals("api.test.http", i.destination());
            assertEquals("/in-tunnel", plain.last().uri());
            assertEquals(0, h.ca.minted.get(), "no TLS, no leaf");
            assertEquals(421, c.send("GET / HTTP/1.1\r\nHost: other.test\r\n\r\n").read().status());
        }
    }

    @Test void curlThroughTheProxy() throws Exception {
        Path ca = h.ca.writePem(dir.resolve("ca.pem"));
        String proxy = "http://test-agent:" + h.agentKey + "@127.0.0.1:" + h.port();
        Tools.Run https = Tools.run(List.of("curl", "-sS", "--max-time", "15", "-x", proxy, "--cacert", ca.toString(),
                "-D", "-", secureUrl("/curl")));
        assertEquals(0, https.exit(), https.output());
        assertTrue(https.output().contains("200 Connection established"), https.output());
        assertTrue(https.output().toLowerCase().contains("x-gate-intent-id: int_"), https.output());
        assertTrue(https.output().contains("\"uri\":\"/curl\""), https.output());
        try (TestUpstream plain = TestUpstream.plain()) {
            Tools.Run http = Tools.run(List.of("curl", "-sS", "--max-time", "15", "-x", proxy, "-D", "-",
                    "http://api.test:" + plain.port() + "/plain"));
            assertEquals(0, http.exit(), http.output());
            assertTrue(http.output().contains("HTTP/1.1 200"), http.output());
            Tools.Run blocked = Tools.run(List.of("curl", "-sS", "--max-time", "15", "-x", proxy, "-D", "-",
                    "http://blocked.test:" + plain.port() + "/"));
            assertTrue(blocked.output().contains("HTTP/1.1 403"), blocked.output());
            assertTrue(blocked.output().contains("destination_not_allowed"), blocked.output());
            assertEquals(1, plain.connections.get(), "only the approved request connected");
        }
    }

    @Test void pythonUrllibThroughTheProxy() throws Exception {
        Path ca = h.ca.writePem(dir.resolve("ca.pem"));
        Path script = dir.resolve("get.py");
        java.nio.file.Files.writeString(script, Tools.PYTHON_GET);
        String proxy = "http://test-agent:" + h.agentKey + "@127.0.0.1:" + h.port();
        Tools.Run https = Tools.run(List.of("python3", script.toString(), proxy, ca.toString(), secureUrl("/py")));
        assertTrue(https.output().startsWith("200 int_"), https.output());
        assertTrue(https.output().contains("/py"), https.output());
        Tools.Run pending = Tools.run(List.of("python3", script.toString(), proxy, ca.toString(),
                "https://review.test:" + secure.port() + "/py"));
        assertTrue(pending.output().startsWith("202 int_"), pending.output());
    }

    @Test void mockServerOverHttpsWithItsCaAsExtraTrust() throws Exception {
        List<java.security.cert.X509Certificate> mockCa;
        try (InputStream in = ClientAndServer.class.getClassLoader()
                .getResourceAsStream("org/mockserver/socket/CertificateAuthorityCertificate.pem")) {
            mockCa = UpstreamTrust.readPem(in);
        }
        h.close();
        h = ProxyHarness.start(dir.resolve("mock"), c -> c, mockCa);
        ClientAndServer mock = ClientAndServer.startClientAndServer(0);
        try {
            mock.when(request().withMethod("GET").withPath("/mock"))
                    .respond(org.mockserver.model.HttpResponse.response().withStatusCode(200).withBody("from mockserver"));
            HttpResponse<String> https = h.client().send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + mock.getPort() + "/mock")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, https.statusCode(), https.body());
            assertEquals("from mockserver", https.body());
            HttpResponse<String> http = h.client().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + mock.getPort() + "/mock")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, http.statusCode());
            assertTrue(http.headers().firstValue("X-Gate-Intent-Id").isPresent());
        } finally {
            mock.stop();
        }
    }
}
