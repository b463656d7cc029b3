package dev.tollgate.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.util.Json;
import dev.tollgate.engine.webhook.Webhook;
import dev.tollgate.engine.webhook.WebhookDelivery;
import dev.tollgate.proxy.address.AddressPolicy;
import dev.tollgate.proxy.address.Cidr;
import dev.tollgate.proxy.address.HostLookup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {
    private static final String SECRET = "whsec_test_0123456789";
    private static final AddressPolicy LOOPBACK_ALLOWED =
            new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8")), Set.of());

    private final FakeStore store = new FakeStore();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
        store.close();
    }

    private Receiver receiver(Receiver r) {
        toClose.add(r);
        return r;
    }

    /** A started dispatcher with fast polling and retries; {@code tweak} adjusts the rest. */
    private WebhookDispatcher dispatcher(AddressPolicy policy, Consumer<WebhookDispatcher.Builder> tweak) {
        WebhookDispatcher.Builder b = WebhookDispatcher.builder(store, policy)
                .pollInterval(Duration.ofMillis(20))
                .backoff(Backoff.fixed(Duration.ofMillis(10)))
                .closeGrace(Duration.ofSeconds(2))
                .listener(new WebhookListener() {
                    @Override public void delivered(WebhookDelivery d, int attempt) { events.add("delivered:" + attempt); }

                    @Override public void attemptFailed(WebhookDelivery d, int attempt, String error) {
                        events.add("failed:" + attempt);
                    }

                    @Override public void gaveUp(WebhookDelivery d, int attempt, String error) { events.add("gave_up:" + attempt); }
                });
        tweak.accept(b);
        WebhookDispatcher d = b.build();
        toClose.add(d);
        d.start();
        return d;
    }

    private void awaitState(String deliveryId, String state, int attempt) {
        Await.until(deliveryId + " " + state + " after attempt " + attempt, () -> {
            WebhookDelivery d = store.delivery(deliveryId);
            return d.state().equals(state) && d.attempt() == attempt;
        });
    }

    /** Listeners run just after the commit the tests wait for; wait for them too. */
    private List<String> events(int expected) {
        Await.until(expected + " listener events, have " + events, () -> events.size() >= expected);
        return List.copyOf(events);
    }

    @Test
    void deliversASignedJsonPostWithTheGateHeaders() throws Exception {
        Receiver r = receiver(Receiver.always(200));
        Webhook w = store.addWebhook("whk_0000000000000001", "int_00000000000000aa", r.url("/hook?x=1"), SECRET);
        Instant firedAt = Instant.parse("2026-03-08T11:30:00Z");
        store.addDelivery("dlv_0000000000000001", w, "approved", firedAt);
        long before = System.currentTimeMillis();

        dispatcher(LOOPBACK_ALLOWED, b -> {});
        awaitState("dlv_0000000000000001", "delivered", 1);

        assertEquals(1, r.received.size());
        Receiver.Received got = r.received.get(0);
        assertEquals("POST", got.method());
        assertEquals("/hook?x=1", got.path());
        assertEquals("application/json", got.headers().getFirst("Content-Type"));
        assertEquals("Tollgate-Webhook/1", got.headers().getFirst("User-Agent"));
        assertEquals("dlv_0000000000000001", got.headers().getFirst("X-Gate-Delivery-ID"));
        assertEquals("approved", got.headers().getFirst("X-Gate-Event"));
        assertEquals(SECRET, got.headers().getFirst("X-Gate-Secret"));
        assertEquals("127.0.0.1:" + r.port(), got.headers().getFirst("Host"));

        JsonNode body = Json.MAPPER.readTree(got.body());
        assertEquals(List.of("intentId", "event", "actor", "firedAt", "deliveryId", "attempt"), fieldNames(body));
        assertEquals("int_00000000000000aa", body.get("intentId").asText());
        assertEquals("approved", body.get("event").asText());
        assertEquals("rev_0000000000000001", body.get("actor").asText());
        assertEquals("2026-03-08T11:30:00.000Z", body.get("firedAt").asText());
        assertEquals("dlv_0000000000000001", body.get("deliveryId").asText());
        assertEquals(1, body.get("attempt").asInt());

        long t = verifySignature(got.headers().getFirst("X-Gate-Signature"), SECRET, got.body());
        assertTrue(t >= before && t <= System.currentTimeMillis(), "signature time " + t);

        WebhookDelivery d = store.delivery("dlv_0000000000000001");
        assertNull(d.nextAttemptAt());
        assertNull(d.lastError());
        assertEquals(List.of("delivered:1"), events(1));
    }

    @Test
    void retriesUntilTheReceiverAnswers2xxCountingAttempts() throws Exception {
        Receiver r = receiver(new Receiver(n -> n == 1 ? 500 : n == 2 ? 503 : 204));
        Webhook w = store.addWebhook("whk_0000000000000002", "int_00000000000000bb", r.url("/"), SECRET);
        store.addDelivery("dlv_0000000000000002", w, "rejected", Instant.now());

        dispatcher(LOOPBACK_ALLOWED, b -> {});
        awaitState("dlv_0000000000000002", "delivered", 3);

        assertEquals(3, r.received.size());
        for (int i = 0; i < 3; i++) {
            Receiver.Received got = r.received.get(i);
            JsonNode body = Json.MAPPER.readTree(got.body());
            assertEquals(i + 1, body.get("attempt").asInt());
            assertEquals("dlv_0000000000000002", got.headers().getFirst("X-Gate-Delivery-ID"));
            verifySignature(got.headers().getFirst("X-Gate-Signature"), SECRET, got.body());
        }
        List<FakeStore.Update> history = store.updates("dlv_0000000000000002");
        assertEquals(List.of("HTTP 500", "HTTP 503"), history.subList(0, 2).stream().map(FakeStore.Update::lastError).toList());
        assertEquals(List.of("pending", "pending", "delivered"), history.stream().map(FakeStore.Update::state).toList());
        assertEquals(List.of("failed:1", "failed:2", "delivered:3"), events(3));
    }

    @Test
    void givesUpAfterTheDeadline() throws Exception {
        Receiver r = receiver(Receiver.always(500));
        Instant firedAt = Instant.parse("2026-01-01T00:00:00Z");
        MutableClock clock = new MutableClock(firedAt);
        Webhook w = store.addWebhook("whk_0000000000000003", "int_00000000000000cc", r.url("/"), SECRET);
        store.addDelivery("dlv_0000000000000003", w, "expired", firedAt);

        WebhookDispatcher d = dispatcher(LOOPBACK_ALLOWED, b -> b.clock(clock).backoff(Backoff.fixed(Duration.ofHours(6))));
        // Attempts at 0, 6, 12, 18 h stay pending; the one at 24 h (the deadline) gives up.
        for (int attempt = 1; attempt <= 4; attempt++) {
            awaitState("dlv_0000000000000003", "pending", attempt);
            assertEquals(firedAt.plus(Duration.ofHours(6L * attempt)), store.delivery("dlv_0000000000000003").nextAttemptAt());
            clock.advance(Duration.ofHours(6));
            d.nudge();
        }
        awaitState("dlv_0000000000000003", "failed", 5);

        WebhookDelivery done = store.delivery("dlv_0000000000000003");
        assertNull(done.nextAttemptAt());
        assertEquals("HTTP 500", done.lastError());
        assertEquals(5, r.received.size());
        assertEquals(List.of("failed:1", "failed:2", "failed:3", "failed:4", "failed:5", "gave_up:5"), events(6));
    }

    @Test
    void privateReceiverIsRefusedWithoutAllowPrivateAndNeverContacted() throws Exception {
        Receiver r = receiver(Receiver.always(200));
        Instant firedAt = Instant.parse("2026-01-01T00:00:00Z");
        MutableClock clock = new MutableClock(firedAt);
        Webhook w = store.addWebhook("whk_0000000000000004", "int_00000000000000dd", r.url("/"), SECRET);
        store.addDelivery("dlv_0000000000000004", w, "approved", firedAt);

        WebhookDispatcher d = dispatcher(AddressPolicy.publicOnly(), b -> b.clock(clock).backoff(Backoff.fixed(Duration.ofHours(1))));
        awaitState("dlv_0000000000000004", "pending", 1);
        String error = store.delivery("dlv_0000000000000004").lastError();
        assertTrue(error.contains("private_address_blocked") && error.contains("127.0.0.1"), error);

        clock.advance(Duration.ofHours(25));
        d.nudge();
        awaitState("dlv_0000000000000004", "failed", 2);
        error = store.delivery("dlv_0000000000000004").lastError();
        assertTrue(error.contains("private_address_blocked"), error);
        assertFalse(error.contains(SECRET));
        assertTrue(r.received.isEmpty(), "the refused receiver was contacted");
        assertEquals(List.of("failed:1", "failed:2", "gave_up:2"), events(3));
    }

    @Test
    void ownListenerIsRefusedEvenInsideAllowPrivate() throws Exception {
        Receiver r = receiver(Receiver.always(200));
        AddressPolicy policy = new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8")),
                Set.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), r.port())));
        Webhook w = store.addWebhook("whk_0000000000000005", "int_00000000000000ee", r.url("/v1/approve"), SECRET);
        store.addDelivery("dlv_0000000000000005", w, "approved", Instant.now());

        dispatcher(policy, b -> b.backoff(Backoff.fixed(Duration.ofHours(1))));
        awaitState("dlv_0000000000000005", "pending", 1);
        assertTrue(store.delivery("dlv_0000000000000005").lastError().startsWith("own_listener_blocked"));
        assertTrue(r.received.isEmpty());
    }

    @Test
    void secretHeaderCanBeTurnedOffWhileTheSignatureStays() throws Exception {
        Receiver r = receiver(Receiver.always(200));
        Webhook w = store.addWebhook("whk_0000000000000006", "int_00000000000000ff", r.url("/"), SECRET);
        store.addDelivery("dlv_0000000000000006", w, "approved", Instant.now());

        dispatcher(LOOPBACK_ALLOWED, b -> b.sendSecretHeader(false));
        awaitState("dlv_0000000000000006", "delivered", 1);

        Receiver.Received got = r.received.get(0);
        assertNull(got.headers().getFirst("X-Gate-Secret"));
        assertFalse(new String(got.body(), StandardCharsets.UTF_8).contains(SECRET));
        verifySignature(got.headers().getFirst("X-Gate-Signature"), SECRET, got.body());
    }

    @Test
    void hostNamesAreResolvedOnceAndSentAsTheHostHeader() throws Exception {
        Receiver r = receiver(Receiver.always(200));
        List<String> lookups = new CopyOnWriteArrayList<>();
        HostLookup lookup = host -> {
            lookups.add(host);
            return List.of(InetAddress.getLoopbackAddress());
        };
        Webhook w = store.addWebhook("whk_0000000000000007", "int_0000000000000100",
                "http://receiver.test:" + r.port() + "/cb", SECRET);
        store.addDelivery("dlv_0000000000000007", w, "approved", Instant.now());

        dispatcher(LOOPBACK_ALLOWED, b -> b.lookup(lookup));
        awaitState("dlv_0000000000000007", "delivered", 1);
        assertEquals("receiver.test:" + r.port(), r.received.get(0).headers().getFirst("Host"));
        assertEquals(List.of("receiver.test"), lookups);
    }

    @Test
    void everythingPendingAtStartIsDeliveredOnceWithinTheInFlightLimit() throws Exception {
        Receiver r = receiver(Receiver.always(200)).slow(30);
        Webhook w = store.addWebhook("whk_0000000000000008", "int_0000000000000200", r.url("/"), SECRET);
        Instant firedAt = Instant.now().minus(Duration.ofHours(1));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String id = String.format("dlv_%016x", 0x1000 + i);
            ids.add(id);
            store.addDelivery(id, w, "approved", firedAt);
        }

        dispatcher(LOOPBACK_ALLOWED, b -> b.maxInFlight(4));
        Await.until("all delivered", () -> ids.stream().allMatch(id -> store.delivery(id).state().equals("delivered")));

        Map<String, Long> perDelivery = r.received.stream().collect(
                Collectors.groupingBy(x -> x.headers().getFirst("X-Gate-Delivery-ID"), Collectors.counting()));
        assertEquals(24, perDelivery.size());
        assertTrue(perDelivery.values().stream().allMatch(n -> n == 1), "sent twice: " + perDelivery);
        assertTrue(r.maxConcurrent.get() <= 4, "concurrent requests: " + r.maxConcurrent.get());
        assertTrue(r.maxConcurrent.get() > 1, "expected parallel deliveries");
    }

    @Test
    void aStaleReadDoesNotSendADeliveryAgain() throws Exception {
        // A poll's read returns after the attempt it overlaps has committed "delivered": the row
        // it holds says "pending", and the delivery is no longer in flight.
        Receiver r = receiver(Receiver.always(200)).slow(100);
        Webhook w = store.addWebhook("whk_0000000000000011", "int_0000000000000a00", r.url("/"), SECRET);
        store.addDelivery("dlv_0000000000000011", w, "approved", Instant.now());
        store.dueDelayMillis = 300;

        dispatcher(LOOPBACK_ALLOWED, b -> {});
        awaitState("dlv_0000000000000011", "delivered", 1);
        Thread.sleep(1000); // several stale polls complete meanwhile
        assertEquals(1, r.received.size(), "sent again from a stale read");
    }

    @Test
    void nudgeDeliversWithoutWaitingForThePollInterval() throws Exception {
        Receiver r = receiver(Receiver.always(200));
        Webhook w = store.addWebhook("whk_0000000000000009", "int_0000000000000300", r.url("/"), SECRET);
        WebhookDispatcher d = dispatcher(LOOPBACK_ALLOWED, b -> b.pollInterval(Duration.ofHours(1)));
        Thread.sleep(100); // let the start-up poll find nothing
        store.addDelivery("dlv_0000000000000009", w, "approved", Instant.now());
        d.nudge();
        Await.until("delivered after nudge", Duration.ofSeconds(5),
                () -> store.delivery("dlv_0000000000000009").state().equals("delivered"));
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        Receiver r = receiver(Receiver.always(302));
        Webhook w = store.addWebhook("whk_000000000000000a", "int_0000000000000400", r.url("/hook"), SECRET);
        store.addDelivery("dlv_000000000000000a", w, "approved", Instant.now());

        dispatcher(LOOPBACK_ALLOWED, b -> b.backoff(Backoff.fixed(Duration.ofHours(1))));
        awaitState("dlv_000000000000000a", "pending", 1);
        assertEquals("HTTP 302", store.delivery("dlv_000000000000000a").lastError());
        assertEquals(List.of("/hook"), r.received.stream().map(Receiver.Received::path).toList());
    }

    @Test
    void aSilentReceiverTimesOutAndIsRetried() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) accepted.add(silent.accept());
                } catch (Exception closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Webhook w = store.addWebhook("whk_000000000000000b", "int_0000000000000500",
                    "http://127.0.0.1:" + silent.getLocalPort() + "/", SECRET);
            store.addDelivery("dlv_000000000000000b", w, "approved", Instant.now());

            dispatcher(LOOPBACK_ALLOWED, b -> b.requestTimeout(Duration.ofMillis(300)).backoff(Backoff.fixed(Duration.ofHours(1))));
            awaitState("dlv_000000000000000b", "pending", 1);
            String error = store.delivery("dlv_000000000000000b").lastError();
            assertTrue(error.startsWith("SocketTimeoutException"), error);
            for (Socket s : accepted) s.close();
        }
    }

    @Test
    void aRefusedConnectionIsRecordedAndRetried() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Webhook w = store.addWebhook("whk_000000000000000c", "int_0000000000000600", "http://127.0.0.1:" + port + "/", SECRET);
        store.addDelivery("dlv_000000000000000c", w, "approved", Instant.now());

        dispatcher(LOOPBACK_ALLOWED, b -> b.backoff(Backoff.fixed(Duration.ofHours(1))));
        awaitState("dlv_000000000000000c", "pending", 1);
        String error = store.delivery("dlv_000000000000000c").lastError();
        assertTrue(error.startsWith("ConnectException"), error);
        assertNotNull(store.delivery("dlv_000000000000000c").nextAttemptAt());
    }

    @Test
    void anUnusableUrlOrAMissingWebhookIsGivenUpAtOnce() throws Exception {
        Webhook bad = store.addWebhook("whk_000000000000000d", "int_0000000000000700", "ftp://127.0.0.1/", SECRET);
        store.addDelivery("dlv_000000000000000d", bad, "approved", Instant.now());
        Webhook gone = new Webhook("whk_00000000000000ff", "int_0000000000000700", "agt_0000000000000001",
                "http://127.0.0.1/", SECRET, Instant.EPOCH);
        store.addDelivery("dlv_000000000000000e", gone, "approved", Instant.now());

        dispatcher(LOOPBACK_ALLOWED, b -> {});
        awaitState("dlv_000000000000000d", "failed", 1);
        awaitState("dlv_000000000000000e", "failed", 1);
        assertTrue(store.delivery("dlv_000000000000000d").lastError().contains("scheme must be http or https"));
        assertTrue(store.delivery("dlv_000000000000000e").lastError().contains("no longer exists"));
    }

    @Test
    void aResultThatCannotBeRecordedIsNotResentInALoop() throws Exception {
        Receiver r = receiver(Receiver.always(200));
        Webhook w = store.addWebhook("whk_0000000000000010", "int_0000000000000900", r.url("/"), SECRET);
        store.addDelivery("dlv_0000000000000010", w, "approved", Instant.now());
        store.failUpdates.set(true);

        dispatcher(LOOPBACK_ALLOWED, b -> {});
        Await.until("first request", () -> r.received.size() == 1);
        Thread.sleep(300); // fifteen poll intervals
        assertEquals(1, r.received.size(), "re-sent while its result could not be written");
        assertEquals("pending", store.delivery("dlv_0000000000000010").state());
        assertEquals(0, store.delivery("dlv_0000000000000010").attempt());
        assertTrue(events.isEmpty(), "listener told of an unrecorded outcome: " + events);
    }

    @Test
    void closeAbortsAHangingAttemptWhichStaysPendingForTheNextStart() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Webhook w = store.addWebhook("whk_000000000000000f", "int_0000000000000800",
                    "http://127.0.0.1:" + silent.getLocalPort() + "/", SECRET);
            store.addDelivery("dlv_000000000000000f", w, "approved", Instant.now());
            WebhookDispatcher d = dispatcher(LOOPBACK_ALLOWED, b -> b.requestTimeout(Duration.ofSeconds(60))
                    .closeGrace(Duration.ofMillis(200)));
            Await.until("attempt in flight", () -> d.inFlight() == 1);
            long start = System.nanoTime();
            d.close();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0, "close hung");
            Thread.sleep(100);
            WebhookDelivery after = store.delivery("dlv_000000000000000f");
            // Either untouched or recorded as a failed attempt, but never lost: still pending.
            assertEquals("pending", after.state());
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Checks {@code t=<ms>,v1=<hex>} against an HMAC computed here from the raw body; returns t. */
    static long verifySignature(String header, String secret, byte[] rawBody) throws Exception {
        assertNotNull(header, "X-Gate-Signature missing");
        String[] parts = header.split(",");
        assertEquals(2, parts.length, header);
        assertTrue(parts[0].startsWith("t=") && parts[1].startsWith("v1="), header);
        String t = parts[0].substring(2);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signed = (t + "." + new String(rawBody, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        assertEquals(HexFormat.of().formatHex(mac.doFinal(signed)), parts[1].substring(3));
        return Long.parseLong(t);
    }
}
