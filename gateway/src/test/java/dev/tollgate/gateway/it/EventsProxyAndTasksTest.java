package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** held.* events from a request held by the proxy, action.* events from the task channel. */
class EventsProxyAndTasksTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir Path tmp;

    @Test void aHeldProxiedRequestIsAddedThenReleasedOnApproval() throws Exception {
        Path destinations = tmp.resolve("destinations.yaml");
        Files.writeString(destinations, """
                destinations:
                  - name: stripe.refund
                    match: { host: 127.0.0.1, path: /refunds/** }
                    policy: finance-high-risk
                default_policy: null
                """);
        TollgateExtension gate = new TollgateExtension().with("proxy.allow_private", "127.0.0.0/8")
                .with("proxy.destinations", destinations.toString());
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            byte[] body = "refunded".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(201, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.start();
        gate.beforeEach(null);
        try (EventsStream s = EventsStream.open(gate.base(), IntentLifecycleTest.reviewer(gate))) {
            String key = IntentLifecycleTest.register(gate, "shopper");
            Process curl = new ProcessBuilder("curl", "-s", "-m", "20", "-o", "-", "-w", "\n%{http_code}",
                    "-x", "http://127.0.0.1:" + gate.server().proxyPort(), "--proxy-user", "shopper:" + key,
                    "-H", "Content-Type: application/json", "-H", "X-Gate-Wait: true", "-d", "{\"amount\": 40}",
                    "http://127.0.0.1:" + upstream.getAddress().getPort() + "/refunds/1")
                    .redirectErrorStream(true).start();
            EventsStream.Msg created = s.nextEvent(WAIT);
            assertEquals("intent.created", created.event());
            EventsStream.Msg added = s.nextEvent(WAIT);
            assertEquals("held.added", added.event());
            JsonNode held = added.json();
            String intentId = held.path("intentId").asText();
            assertEquals(created.json().path("intentId").asText(), intentId);
            assertEquals("stripe.refund", held.path("destination").asText());
            assertEquals("POST", held.path("method").asText());
            for (String f : List.of("hostname", "path", "type", "createdAt", "expiresAt", "url", "agentId", "policy",
                    "heldMs", "client")) {
                assertTrue(held.has(f), f + " in " + held);
            }
            assertEquals(200, gate.admin().post("/v1/intents/" + intentId + "/approve", obj()).status());
            EventsStream.Msg decided = s.nextEvent(WAIT);
            assertEquals("intent.decided", decided.event());
            assertEquals("approved", decided.json().path("status").asText());
            EventsStream.Msg released = s.nextEvent(WAIT);
            assertEquals("held.released", released.event());
            assertEquals(intentId, released.json().path("intentId").asText());
            assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.endsWith("201"), out);
            assertEquals(null, s.pollEvent(Duration.ofMillis(300)), "using the approval is not a decision");
        } finally {
            gate.afterEach(null);
            upstream.stop(0);
        }
    }

    @Test void aPendingActionIsCreatedThenDecided() throws Exception {
        try (TaskChannelApiTest.Gateway gw = new TaskChannelApiTest.Gateway(tmp, "[destructive]", 300,
                "{enabled: false}").start()) {
            ApiClient agent = gw.agent("bot");
            ApiClient.Reply r = gw.admin.post("/v1/reviewers", obj("name", "ann"));
            assertEquals(201, r.status(), r.body());
            String reviewerKey = r.text("apiKey");
            ApiClient reviewer = gw.client(reviewerKey);
            try (EventsStream s = EventsStream.open(gw.base(), reviewerKey)) {
                String task = TaskChannelApiTest.task(agent, "u1");
                ApiClient.Reply p = TaskChannelApiTest.shell(agent, task, "rm notes.txt", gw.rw);
                assertEquals(202, p.status(), p.body());
                EventsStream.Msg created = s.nextEvent(WAIT);
                assertEquals("action.created", created.event());
                JsonNode a = created.json();
                assertEquals(p.text("action_id"), a.path("action_id").asText());
                assertEquals("pending", a.path("status").asText());
                for (String f : List.of("task_id", "agent_id", "preview", "cwd", "risk_level", "risk_reason", "scope",
                        "command_digest", "expires_at")) {
                    assertTrue(a.has(f), f + " in " + a);
                }
                assertEquals(200, reviewer.post("/v1/actions/" + p.text("action_id") + "/approve",
                        obj("command_digest", p.text("command_digest"))).status());
                EventsStream.Msg decided = s.nextEvent(WAIT);
                assertEquals("action.decided", decided.event());
                assertEquals(p.text("action_id"), decided.json().path("action_id").asText());
                assertEquals("approved", decided.json().path("status").asText());
            }
        }
    }
}
