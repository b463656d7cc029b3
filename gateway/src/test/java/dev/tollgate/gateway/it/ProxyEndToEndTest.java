package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * curl through `serve`'s proxy to an upstream started here: held until a reviewer approves through
 * the API, listed in GET /v1/proxy/held meanwhile, and nothing reaches the upstream before that.
 */
class ProxyEndToEndTest {
    private static Path destinations;

    static {
        try {
            destinations = Files.createTempFile("destinations", ".yaml");
            Files.writeString(destinations, """
                    destinations:
                      - name: stripe.refund
                        match: { host: 127.0.0.1, path: /refunds/** }
                        policy: finance-high-risk
                        pending: hold
                      - name: quickbooks.journal
                        match: { host: 127.0.0.1, path: /ledger/** }
                        policy: finance-high-risk
                    default_policy: null
                    """);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @RegisterExtension final TollgateExtension gate = new TollgateExtension()
            .with("proxy.allow_private", "127.0.0.0/8").with("proxy.destinations", destinations.toString());

    private HttpServer upstream;
    private final AtomicInteger upstreamRequests = new AtomicInteger();

    @BeforeEach void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            upstreamRequests.incrementAndGet();
            byte[] body = ("refunded " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(201, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.start();
    }

    @AfterEach void stopUpstream() { upstream.stop(0); }

    private Process curl(String agentKey, String path, String... extra) throws IOException {
        String url = "http://127.0.0.1:" + upstream.getAddress().getPort() + path;
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("curl", "-s", "-m", "20",
                "-o", "-", "-w", "\n%{http_code}", "-x", "http://127.0.0.1:" + gate.server().proxyPort(),
                "--proxy-user", "agent:" + agentKey, "-H", "Content-Type: application/json", "-d", "{\"amount\": 40}"));
        cmd.addAll(java.util.List.of(extra));
        cmd.add(url);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String output(Process p) throws Exception {
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl finished");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aHeldRequestWaitsForTheReviewerThenGoesThroughOnce() throws Exception {
        String key = IntentLifecycleTest.register(gate, "shopper");
        Process held = curl(key, "/refunds/1");

        ApiClient.Reply list = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            list = gate.admin().get("/v1/proxy/held");
            if (list.json().path("count").asInt() == 1) break;
            Thread.sleep(50);
        }
        assertEquals(1, list.json().path("count").asInt(), list.body());
        String intentId = list.json().get("held").get(0).get("intentId").asText();
        assertEquals("stripe.refund", list.json().get("held").get(0).get("destination").asText());
        assertEquals(0, upstreamRequests.get(), "nothing reaches the upstream before approval");
        assertEquals(403, gate.client(key).get("/v1/proxy/held").status(), "agents do not inspect holds");

        assertEquals(200, gate.admin().post("/v1/intents/" + intentId + "/approve", obj()).status());
        String out = output(held);
        assertTrue(out.endsWith("\n201"), out);
        assertTrue(out.startsWith("refunded /refunds/1"), out);
        assertEquals(1, upstreamRequests.get());

        long until = System.currentTimeMillis() + 5_000;
        String status;
        do {
            status = gate.admin().get("/v1/intents/" + intentId).text("status");
            if (!"approved".equals(status)) break;
            Thread.sleep(50);
        } while (System.currentTimeMillis() < until);
        assertEquals("succeeded", status, "the upstream's answer is recorded as the outcome");
        assertTrue(gate.anonymous().get("/metrics").body().contains("tollgate_proxy_requests_total"));
    }

    @Test
    void retryModeAnswers202AndAnUnmappedPathIsRefused() throws Exception {
        String key = IntentLifecycleTest.register(gate, "retrier");
        String pending = output(curl(key, "/ledger/7"));
        assertTrue(pending.endsWith("\n202"), pending);
        assertTrue(pending.contains("\"status\":\"pending_approval\""), pending);

        String refused = output(curl(key, "/elsewhere"));
        assertTrue(refused.endsWith("\n403"), refused);
        assertTrue(refused.contains("destination_not_allowed"), refused);
        String refusedId = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(refused.substring(0, refused.lastIndexOf('\n'))).get("intentId").asText();
        ApiClient.Reply stored = gate.admin().get("/v1/intents/" + refusedId);
        assertEquals("blocked", stored.text("status"));
        assertEquals("destination_not_allowed", stored.text("reason_code"), "the stored intent names the same cause");

        String anonymous = output(new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-x",
                "http://127.0.0.1:" + gate.server().proxyPort(),
                "http://127.0.0.1:" + upstream.getAddress().getPort() + "/ledger/1").start());
        assertEquals("407", anonymous.strip());
        assertEquals(0, upstreamRequests.get());
    }
}
