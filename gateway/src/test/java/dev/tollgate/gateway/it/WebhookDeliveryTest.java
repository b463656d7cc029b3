package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.engine.util.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Webhooks through a real server to a receiver started here: signed, and retried when the receiver fails. */
class WebhookDeliveryTest {
    private static final String SECRET = "whsec-test-1234";

    @RegisterExtension final TollgateExtension gate = new TollgateExtension().with("proxy.allow_private", "127.0.0.0/8");

    private record Received(String body, String signature, String deliveryId, String secretHeader) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private HttpServer receiver;

    private String startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
            if (status == 200) {
                received.add(new Received(body, ex.getRequestHeaders().getFirst("X-Gate-Signature"),
                        ex.getRequestHeaders().getFirst("X-Gate-Delivery-ID"), ex.getRequestHeaders().getFirst("X-Gate-Secret")));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @AfterEach void stop() {
        if (receiver != null) receiver.stop(0);
    }

    private static void awaitCount(List<?> list, int n, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (list.size() < n && System.currentTimeMillis() < deadline) Thread.sleep(50);
    }

    @Test
    void approvalIsDeliveredSignedAndARefusingReceiverIsRetried() throws Exception {
        String url = startReceiver();
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "hooked"));
        String id = agent.post("/v1/intents", obj("destination", "stripe.refund", "policy", "finance-high-risk",
                "payload", "x")).text("intentId");
        ApiClient.Reply reg = agent.post("/v1/webhooks/register", obj("intentId", id, "url", url, "secret", SECRET));
        assertEquals(200, reg.status(), reg.body());
        assertTrue(reg.json().get("registered").asBoolean());

        failuresLeft.set(1);
        gate.admin().post("/v1/intents/" + id + "/approve", obj());
        awaitCount(received, 1, 20_000);
        assertEquals(1, received.size(), "delivered after one failed attempt");

        Received r = received.get(0);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals(id, body.get("intentId").asText());
        assertEquals("approved", body.get("event").asText());
        assertEquals("admin", body.get("actor").asText());
        assertEquals(2, body.get("attempt").asInt(), "the second attempt succeeded");
        assertEquals(r.deliveryId(), body.get("deliveryId").asText());
        assertEquals(SECRET, r.secretHeader());

        String[] parts = r.signature().split(",");
        String t = parts[0].substring(2);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        assertEquals("v1=" + expected, parts[1]);
    }

    @Test
    void aWebhookWithoutSecretIsDeliveredUnsigned() throws Exception {
        String url = startReceiver();
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "unsigned"));
        String id = agent.post("/v1/intents", obj("destination", "blog.publish", "policy", "blog-publish",
                "payload", "x")).text("intentId");
        ApiClient.Reply reg = agent.post("/v1/webhooks/register", "{\"intentId\":\"" + id + "\",\"url\":\"" + url
                + "\",\"secret\":null}");
        assertEquals(200, reg.status(), reg.body());
        gate.admin().post("/v1/intents/" + id + "/reject", obj("reason", "no"));
        awaitCount(received, 1, 10_000);
        assertEquals(1, received.size());
        assertEquals("rejected", Json.MAPPER.readTree(received.get(0).body()).get("event").asText());
        assertEquals(null, received.get(0).signature(), "nothing to sign with");
        assertEquals(null, received.get(0).secretHeader());
    }

    @Test
    void privateReceiverIsRefusedWithoutAllowPrivate() throws Exception {
        gate.server().close();
        TollgateExtension strict = new TollgateExtension();
        strict.beforeEach(null);
        try {
            String url = startReceiver();
            ApiClient agent = strict.client(IntentLifecycleTest.register(strict, "ssrf"));
            String id = agent.post("/v1/intents", obj("destination", "stripe.refund", "policy", "finance-high-risk",
                    "payload", "x")).text("intentId");
            ApiClient.Reply reg = agent.post("/v1/webhooks/register", obj("intentId", id, "url", url, "secret", SECRET));
            assertEquals(400, reg.status(), reg.body());
            assertEquals("invalid_url", reg.text("code"));
            assertEquals("url", reg.text("field"));
        } finally {
            strict.afterEach(null);
        }
    }
}
