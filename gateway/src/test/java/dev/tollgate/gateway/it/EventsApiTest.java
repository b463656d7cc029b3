package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.util.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /v1/events} over real HTTP: roles, the stream's framing, intent events in order, reconnects. */
class EventsApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension final TollgateExtension gate = new TollgateExtension();

    private String propose(ApiClient agent) {
        ApiClient.Reply p = agent.post("/v1/intents", obj("destination", "stripe.refund", "policy", "finance-high-risk",
                "payload", "{\"amount\": 40}", "recordCount", 1));
        assertEquals(200, p.status(), p.body());
        assertEquals("pending_approval", p.text("status"), p.body());
        return p.text("intentId");
    }

    @Test void onlyReviewersAndTheAdminMayListen() throws Exception {
        String agentKey = IntentLifecycleTest.register(gate, "bot");
        try (EventsStream none = EventsStream.open(gate.base(), null)) {
            assertEquals(401, none.status());
            JsonNode body = Json.MAPPER.readTree(none.bodyText());
            assertEquals("unauthorized", body.path("code").asText(), body.toString());
            assertNotNull(body.path("error").asText(null));
        }
        try (EventsStream unknown = EventsStream.open(gate.base(), "gate_rk_" + "0".repeat(48))) {
            assertEquals(401, unknown.status());
        }
        try (EventsStream agent = EventsStream.open(gate.base(), agentKey)) {
            assertEquals(403, agent.status());
            assertEquals("forbidden", Json.MAPPER.readTree(agent.bodyText()).path("code").asText());
        }
        for (String key : List.of(IntentLifecycleTest.reviewer(gate), gate.adminKey())) {
            try (EventsStream s = EventsStream.open(gate.base(), key)) {
                assertEquals(200, s.status());
                assertEquals("text/event-stream", s.response.headers().firstValue("Content-Type").orElse(""));
                assertEquals("no-cache", s.response.headers().firstValue("Cache-Control").orElse(""));
                assertTrue(s.response.headers().firstValue("Content-Length").isEmpty());
                EventsStream.Msg first = s.next(WAIT);
                assertNotNull(first, "the position is sent at once, before any event");
                assertNull(first.event());
                assertTrue(first.id().matches("[0-9a-f]{16}-0"), first.id());
                assertEquals("2000", first.retry());
            }
        }
    }

    @Test void aProposalAndItsApprovalArriveInOrderWithTheIntent() throws Exception {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "bot"));
        ApiClient reviewer = gate.client(IntentLifecycleTest.reviewer(gate));
        try (EventsStream a = EventsStream.open(gate.base(), gate.adminKey());
             EventsStream b = EventsStream.open(gate.base(), IntentLifecycleTest.reviewer(gate))) {
            assertNotNull(a.next(WAIT));
            assertNotNull(b.next(WAIT));
            String first = propose(agent);
            String second = propose(agent);
            assertEquals(200, reviewer.post("/v1/intents/" + first + "/approve", obj()).status());
            assertEquals(200, reviewer.post("/v1/intents/" + second + "/reject", obj("reason", "no")).status());
            for (EventsStream s : List.of(a, b)) {
                List<EventsStream.Msg> got = new ArrayList<>();
                for (int i = 0; i < 4; i++) got.add(s.nextEvent(WAIT));
                assertEquals(List.of("intent.created", "intent.created", "intent.decided", "intent.decided"),
                        got.stream().map(EventsStream.Msg::event).toList());
                assertEquals(List.of(first, second, first, second),
                        got.stream().map(m -> m.json().path("intentId").asText()).toList());
                for (int i = 1; i < got.size(); i++) {
                    assertEquals(got.get(i - 1).seq() + 1, got.get(i).seq(), "ids increase without gaps");
                }
                JsonNode created = got.get(0).json();
                assertEquals("pending_approval", created.path("status").asText());
                for (String f : List.of("agentId", "destination", "policy", "expiresAt", "riskLevel", "recordCount",
                        "payload_type", "payload_size")) {
                    assertTrue(created.has(f), f + " in " + created);
                }
                assertEquals("stripe.refund", created.path("destination").asText());
                assertEquals("approved", got.get(2).json().path("status").asText());
                assertEquals("blocked", got.get(3).json().path("status").asText());
                assertEquals("rejected_by_reviewer", got.get(3).json().path("reason_code").asText());
            }
        }
    }

    @Test void aReconnectWithLastEventIdGetsExactlyWhatItMissed() throws Exception {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "bot"));
        String reviewerKey = IntentLifecycleTest.reviewer(gate);
        String seen;
        String one;
        try (EventsStream s = EventsStream.open(gate.base(), reviewerKey)) {
            one = propose(agent);
            EventsStream.Msg m = s.nextEvent(WAIT);
            assertEquals(one, m.json().path("intentId").asText());
            seen = m.id();
        }
        List<String> missed = new ArrayList<>(List.of(propose(agent), propose(agent)));
        for (boolean viaQuery : List.of(false, true)) {
            try (EventsStream s = viaQuery ? EventsStream.open(gate.base(), reviewerKey, null, seen)
                    : EventsStream.open(gate.base(), reviewerKey, seen, null)) {
                assertEquals(200, s.status());
                List<EventsStream.Msg> replayed = new ArrayList<>();
                for (int i = 0; i < missed.size(); i++) replayed.add(s.nextEvent(WAIT));
                assertEquals(missed, replayed.stream().map(m -> m.json().path("intentId").asText()).toList(),
                        "exactly the events after " + seen + ", in order");
                assertTrue(replayed.stream().allMatch(m -> m.event().equals("intent.created")));
                String live = propose(agent);
                EventsStream.Msg m = s.nextEvent(WAIT);
                assertEquals(live, m.json().path("intentId").asText(), "then live, with nothing twice");
                assertEquals(replayed.get(replayed.size() - 1).seq() + 1, m.seq());
                assertNull(s.pollEvent(Duration.ofMillis(200)));
                missed.add(live); // the next pass resumes from the same id, so it gets this one too
            }
        }
        // and resuming from the newest id replays nothing
        try (EventsStream s = EventsStream.open(gate.base(), reviewerKey)) {
            String position = s.next(WAIT).id();
            try (EventsStream again = EventsStream.open(gate.base(), reviewerKey, position, null)) {
                assertNull(again.pollEvent(Duration.ofMillis(300)));
            }
        }
    }

    @Test void anUnknownOrForeignIdGetsAResetFirstThenLiveEvents() throws Exception {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "bot"));
        String reviewerKey = IntentLifecycleTest.reviewer(gate);
        propose(agent);
        String boot;
        try (EventsStream s = EventsStream.open(gate.base(), reviewerKey)) {
            String position = s.next(WAIT).id();
            boot = position.substring(0, position.lastIndexOf('-'));
        }
        for (String stale : List.of("0123456789abcdef-1", boot + "-999999", "garbage")) {
            try (EventsStream s = EventsStream.open(gate.base(), reviewerKey, stale, null)) {
                EventsStream.Msg reset = s.nextEvent(WAIT);
                assertEquals("reset", reset.event(), stale);
                assertNotNull(reset.json().path("reason").asText(null));
                assertEquals(boot + "-1", reset.id(), "the reset carries the position to resume from");
                String live = propose(agent);
                EventsStream.Msg m = s.nextEvent(WAIT);
                assertEquals("intent.created", m.event());
                assertEquals(live, m.json().path("intentId").asText());
                assertEquals(reset.seq() + 1, m.seq());
                break; // the others below, without creating events
            }
        }
        for (String stale : List.of("0123456789abcdef-1", boot + "-999999", "garbage", boot + "-x")) {
            try (EventsStream s = EventsStream.open(gate.base(), reviewerKey, stale, null)) {
                EventsStream.Msg reset = s.nextEvent(WAIT);
                assertEquals("reset", reset.event(), stale);
            }
        }
    }

    @Test void aSubscriberThatNeverReadsDoesNotHoldUpOthers() throws Exception {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "bot"));
        String reviewerKey = IntentLifecycleTest.reviewer(gate);
        try (Socket stuck = new Socket("127.0.0.1", gate.server().apiPort());
             EventsStream s = EventsStream.open(gate.base(), reviewerKey)) {
            stuck.setReceiveBufferSize(4096);
            OutputStream out = stuck.getOutputStream();
            out.write(("GET /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + reviewerKey + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stuck.getInputStream();
            byte[] head = new byte[12];
            assertEquals(12, in.readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.US_ASCII)); // then never reads again
            long start = System.nanoTime();
            int n = 150;
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) ids.add(propose(agent));
            List<String> got = new ArrayList<>();
            for (int i = 0; i < n; i++) got.add(s.nextEvent("intent.created", WAIT).json().path("intentId").asText());
            assertEquals(ids, got);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos());
        }
    }
}
