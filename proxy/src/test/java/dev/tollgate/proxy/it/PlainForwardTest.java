package dev.tollgate.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.server.ProxyConfig;
import dev.tollgate.proxy.support.ProxyHarness;
import dev.tollgate.proxy.support.RawHttp;
import dev.tollgate.proxy.support.TestUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain HTTP through the proxy: forwarding, decisions on the wire, retries and single use, identity. */
class PlainForwardTest {
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

    private String get(String host, String path, String... extraHeaders) {
        StringBuilder sb = new StringBuilder("GET http://" + host + ":" + up.port() + path + " HTTP/1.1\r\nHost: " + host
                + ":" + up.port() + "\r\nProxy-Authorization: " + h.basic() + "\r\n");
        for (String x : extraHeaders) sb.append(x).append("\r\n");
        return sb.append("\r\n").toString();
    }

    private static JsonNode json(String body) throws Exception { return Json.MAPPER.readTree(body); }

    @Test void anApprovedRequestIsForwardedOnceAndItsOutcomeRecorded() throws Exception {
        HttpResponse<String> r = h.client().send(HttpRequest.newBuilder(
                URI.create("http://api.test:" + up.port() + "/hello?token=secret&page=2")).header("X-Gate-Debug", "1")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        String id = r.headers().firstValue("X-Gate-Intent-Id").orElseThrow();
        assertEquals("yes", r.headers().firstValue("X-Upstream").orElseThrow());
        TestUpstream.Recorded got = up.last();
        assertEquals("/hello?token=secret&page=2", got.uri());
        assertEquals("api.test:" + up.port(), got.header("Host"));
        assertNull(got.header("Proxy-Authorization"));
        assertNull(got.header("X-Gate-Debug"));
        assertEquals(1, up.requests.size());

        Intent i = h.awaitStatus(id, "succeeded");
        assertEquals("succeeded", i.status().wire());
        assertEquals(h.agentId, i.agentId());
        assertEquals("api.test.http", i.destination());
        assertEquals("http://api.test:" + up.port() + "/hello?token=&page=", i.metadata().get("url").asText());
        assertEquals("proxy", i.metadata().get("via").asText());
        assertEquals("GET", i.metadata().get("method").asText());
        assertNotNull(i.requestDigest());
        List<String> audit = h.auditTypes(id);
        assertTrue(audit.containsAll(List.of("proposed", "policy_checked", "approved", "execution_requested",
                "execution_succeeded")), audit.toString());
    }

    @Test void aBlockedRequestGets403AndNothingReachesTheDestination() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send(get("blocked.test", "/x")).read();
            assertEquals(403, r.status());
            assertEquals("blocked", r.header("X-Gate-Decision"));
            JsonNode b = json(r.body());
            assertEquals("blocked", b.get("status").asText());
            assertEquals("destination_not_allowed", b.get("reason_code").asText());
            assertEquals(r.header("X-Gate-Intent-Id"), b.get("intentId").asText());
            assertEquals("blocked.test.http", b.get("destination").asText());
            assertEquals("deny", b.get("policy").asText());
            assertTrue(b.hasNonNull("blockReason"));
            assertEquals("blocked", h.intent(b.get("intentId").asText()).status().wire());
        }
        assertEquals(0, up.connections.get(), "no TCP connection for a blocked request");
        assertEquals(0, h.lookups.get(), "no DNS lookup for a blocked request");
    }

    @Test void pendingThenApprovedThenRetriedGoesThroughOnceAndTheNextIdenticalRequestWaitsAgain() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response first = c.send(get("review.test", "/refund")).read();
            assertEquals(202, first.status());
            assertEquals("pending_approval", first.header("X-Gate-Decision"));
            assertEquals("30", first.header("Retry-After"));
            String id = first.header("X-Gate-Intent-Id");
            JsonNode b = json(first.body());
            assertEquals("pending_approval", b.get("status").asText());
            assertEquals(id, b.get("intentId").asText());
            assertEquals(30, b.get("retryAfterSeconds").asInt());
            assertTrue(b.get("message").asText().length() > 10);
            assertTrue(b.get("dashboard").asText().contains(id));

            RawHttp.Response again = c.send(get("review.test", "/refund")).read();
            assertEquals(202, again.status());
            assertEquals(id, again.header("X-Gate-Intent-Id"), "an identical re-send joins the pending intent");
            assertEquals(0, up.connections.get(), "no TCP connection while pending");
            assertEquals(0, h.lookups.get(), "no DNS lookup while pending");

            h.approve(id);
            RawHttp.Response through = c.send(get("review.test", "/refund")).read();
            assertEquals(200, through.status(), through.body());
            assertEquals(id, through.header("X-Gate-Intent-Id"));
            assertEquals(1, up.requests.size());

            RawHttp.Response third = c.send(get("review.test", "/refund")).read();
            assertEquals(202, third.status());
            assertNotEquals(id, third.header("X-Gate-Intent-Id"), "an approval is used once");
            assertEquals(1, up.requests.size());
            assertEquals("succeeded", h.awaitStatus(id, "succeeded").status().wire());
        }
    }

    @Test void retryWithTheIntentIdHeaderMustMatchAndIsSingleUse() throws Exception {
        String post = "POST http://review.test:" + up.port() + "/pay HTTP/1.1\r\nHost: review.test\r\nProxy-Authorization: "
                + h.basic() + "\r\nContent-Type: application/json\r\nContent-Length: 9\r\n";
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response first = c.send(post + "\r\n{\"a\":100}").read();
            assertEquals(202, first.status());
            String id = first.header("X-Gate-Intent-Id");
            assertEquals(202, c.send(post + "X-Gate-Intent-Id: " + id + "\r\n\r\n{\"a\":100}").read().status());
            RawHttp.Response mismatch = c.send(post + "X-Gate-Intent-Id: " + id + "\r\n\r\n{\"a\":999}").read();
            assertEquals(409, mismatch.status());
            assertEquals("request_mismatch", json(mismatch.body()).get("code").asText());
            assertEquals(id, mismatch.header("X-Gate-Intent-Id"));

            h.approve(id);
            RawHttp.Response ok = c.send(post + "X-Gate-Intent-Id: " + id + "\r\n\r\n{\"a\":100}").read();
            assertEquals(200, ok.status(), ok.body());
            assertNull(up.last().header("X-Gate-Intent-Id"), "X-Gate-* request headers are not forwarded");
            assertEquals("{\"a\":100}", up.last().body());
            RawHttp.Response used = c.send(post + "X-Gate-Intent-Id: " + id + "\r\n\r\n{\"a\":100}").read();
            assertEquals(409, used.status());
            assertEquals("intent_already_used", json(used.body()).get("code").asText());
            assertEquals(1, up.requests.size());
        }
    }

    @Test void hopByHopAndGateHeadersAreRemovedBothWays() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send(get("api.test", "/h", "Connection: keep-alive, X-Custom", "X-Custom: 1",
                    "Keep-Alive: timeout=5", "Proxy-Connection: keep-alive", "X-Gate-Wait: false", "TE: trailers",
                    "X-Kept: yes")).read();
            assertEquals(200, r.status());
            assertNull(r.header("Keep-Alive"), "the upstream's Keep-Alive is not relayed");
            assertNotNull(r.header("X-Gate-Intent-Id"));
        }
        TestUpstream.Recorded got = up.last();
        for (String name : List.of("X-Custom", "Keep-Alive", "Proxy-Connection", "X-Gate-Wait", "TE", "Proxy-Authorization")) {
            assertNull(got.header(name), name + " must not be forwarded");
        }
        assertEquals("yes", got.header("X-Kept"));
    }

    @Test void withoutValidCredentialsTheAnswerIs407() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send("GET http://api.test:" + up.port() + "/ HTTP/1.1\r\nHost: api.test\r\n\r\n").read();
            assertEquals(407, r.status());
            assertEquals("Basic realm=\"tollgate\"", r.header("Proxy-Authenticate"));
            assertEquals("proxy_auth_required", json(r.body()).get("code").asText());
            RawHttp.Response wrong = c.send("GET http://api.test:" + up.port() + "/ HTTP/1.1\r\nHost: api.test\r\n"
                    + "Proxy-Authorization: " + ProxyHarness.basic("gate_sk_" + "1".repeat(48)) + "\r\n\r\n").read();
            assertEquals(407, wrong.status());
        }
        ProxyHarness.get(h.agents.setStatus(h.agentId, AgentStatus.REVOKED, "admin"));
        try (RawHttp c = new RawHttp(h.port())) {
            assertEquals(407, c.send(get("api.test", "/")).read().status(), "a revoked agent's key stops working");
        }
        assertEquals(0, up.connections.get());
    }

    @Test void originFormRequestsToTheProxyItselfAre400() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send("GET /v1/intents HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").read();
            assertEquals(400, r.status());
            assertEquals("not_a_proxy_request", json(r.body()).get("code").asText());
            assertTrue(c.closedWithin(2000));
        }
    }

    @Test void keepAliveConnectionServesManyRequestsAndReusesTheUpstreamConnection() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            for (int i = 0; i < 5; i++) {
                RawHttp.Response r = c.send(get("api.test", "/n" + i)).read();
                assertEquals(200, r.status());
                assertTrue(r.body().contains("/n" + i));
            }
        }
        assertEquals(5, up.requests.size());
        assertEquals(1, up.connections.get(), "upstream connections are pooled");
    }

    @Test void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            c.send(get("api.test", "/p1") + get("blocked.test", "/p2") + get("api.test", "/p3"));
            RawHttp.Response a = c.read();
            RawHttp.Response b = c.read();
            RawHttp.Response d = c.read();
            assertTrue(a.body().contains("/p1"), a.body());
            assertEquals(403, b.status());
            assertTrue(d.body().contains("/p3"), d.body());
        }
    }

    @Test void optionalAuthAttributesRequestsWithoutCredentialsToAnonymous() throws Exception {
        h.close();
        h = ProxyHarness.start(dir.resolve("optional"), c -> c.withAuth(ProxyConfig.AuthMode.OPTIONAL),
                List.of());
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send("GET http://api.test:" + up.port() + "/anon HTTP/1.1\r\nHost: api.test\r\n\r\n").read();
            assertEquals(200, r.status());
            assertEquals("anonymous", h.intent(r.header("X-Gate-Intent-Id")).agentId());
            RawHttp.Response wrong = c.send("GET http://api.test:" + up.port() + "/ HTTP/1.1\r\nHost: api.test\r\n"
                    + "Proxy-Authorization: " + ProxyHarness.basic("gate_sk_" + "1".repeat(48)) + "\r\n\r\n").read();
            assertEquals(407, wrong.status(), "a wrong key never falls back to anonymous");
        }
        assertFalse(up.requests.isEmpty());
    }
}
