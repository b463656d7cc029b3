package dev.tollgate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What no polite client sends: over-long lines and headers, garbage, pipelining; over a raw socket. */
class RawProtocolTest {
    private DemoApi demo;
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        demo = new DemoApi();
        server = ApiServer.builder(demo.router()).port(0).ioThreads(1).maxBodyBytes(4096)
                .idleTimeout(Duration.ofMillis(400)).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
        demo.close();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    @Test
    void requestLineOver8KiBIs414AndCloses() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.send(get("/" + "a".repeat(9000))).read();
            assertEquals(414, r.status());
            assertEquals("{\"error\":\"request line exceeds 8192 bytes\",\"code\":\"uri_too_long\"}", r.body());
            assertEquals("close", r.header("Connection"));
            assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void headersOver32KiBAre431AndClose() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.send("GET /fast HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                    + "b".repeat(40_000) + "\r\n\r\n").read();
            assertEquals(431, r.status());
            assertEquals("headers_too_large", ApiJson.mapper().readTree(r.body()).get("code").asText());
            assertEquals("close", r.header("Connection"));
            assertTrue(http.closedByServer());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/x.y\r\n\r\n",
        "GET /fast HTTP/1.1\r\nHost: localhost\r\nContent-Length: twelve\r\n\r\n",
        "POST /count HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    })
    void undecodableRequestIs400JsonAndCloses(String garbage) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.send(garbage).read();
            assertEquals(400, r.status());
            assertEquals("{\"error\":\"malformed HTTP request\",\"code\":\"bad_request\"}", r.body());
            assertEquals("close", r.header("Connection"));
            assertTrue(http.closedByServer());
        }
        assertEquals(0, demo.bodiesReceived.get());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            // the first one completes last on the store thread; its answer must still come first
            http.send(get("/slow/150") + get("/fast") + get("/nope") + get("/v1/things/3"));
            assertEquals("{\"slow\":\"150\"}", http.read().body());
            assertEquals("{\"fast\":true}", http.read().body());
            assertEquals(404, http.read().status());
            RawHttp.Response last = http.read();
            assertEquals("3", ApiJson.mapper().readTree(last.body()).get("id").asText());
            assertNull(last.header("Connection"));
        }
    }

    @Test
    void protocolErrorWaitsItsTurnBehindAPipelinedRequest() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send(get("/slow/100") + "GET /x HTTP/x.y\r\n\r\n");
            RawHttp.Response first = http.read();
            assertEquals(200, first.status());
            assertEquals(400, http.read().status());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void connectionCloseAndHttp10AreHonoured() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.send("GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertEquals(200, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(http.closedByServer());
        }
        try (RawHttp http = new RawHttp(server.port())) {
            assertEquals(200, http.send("GET /fast HTTP/1.0\r\n\r\n").read().status());
            assertTrue(http.closedByServer());
        }
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.send("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertEquals("keep-alive", r.header("Connection"));
            assertEquals(200, http.send("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().status());
        }
    }

    @Test
    void oversizedBodyIsReadToTheEndThenAnswered413() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n");
            http.send(new byte[10_000]);
            RawHttp.Response r = http.read();
            assertEquals(413, r.status());
            assertEquals("{\"error\":\"request body exceeds 4096 bytes\",\"code\":\"payload_too_large\"}", r.body());
            assertEquals("close", r.header("Connection"));
            assertTrue(http.closedByServer());
        }
        try (RawHttp http = new RawHttp(server.port())) {
            String chunk = Integer.toHexString(3000) + "\r\n" + "c".repeat(3000) + "\r\n";
            http.send("POST /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk + chunk + "0\r\n\r\n");
            assertEquals(413, http.read().status());
        }
        assertEquals(0, demo.bodiesReceived.get());
    }

    @Test
    void expectContinueOverTheLimitIsRefusedBeforeTheBody() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.send("POST /count HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 10000\r\n\r\n").read();
            assertEquals(413, r.status());
            assertEquals("payload_too_large", ApiJson.mapper().readTree(r.body()).get("code").asText());
            assertTrue(http.closedByServer());
        }
        assertEquals(0, demo.bodiesReceived.get());
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            assertEquals(200, http.send(get("/fast")).read().status());
            http.timeout(5_000);
            long start = System.nanoTime();
            assertTrue(http.closedByServer());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos(), "not before the idle timeout");
        }
        try (RawHttp http = new RawHttp(server.port())) {
            http.timeout(100);
            assertFalse(http.closedByServer(), "a fresh connection is not closed at once");
        }
    }
}
