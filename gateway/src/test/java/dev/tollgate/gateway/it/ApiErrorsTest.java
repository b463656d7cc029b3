package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every error status of SPEC §4.6 answered as JSON {error, code, field?}, never a stack trace. */
class ApiErrorsTest {
    @RegisterExtension final TollgateExtension gate = new TollgateExtension();

    private static void assertError(ApiClient.Reply r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.text("code"), r.body());
        assertFalse(r.text("error").isBlank());
        assertFalse(r.body().contains("Exception"), "no stack traces: " + r.body());
        assertTrue(r.raw().headers().firstValue("content-type").orElse("").startsWith("application/json"));
    }

    @Test
    void badInputGetsClearJsonErrors() {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "bad-input"));
        assertError(agent.post("/v1/intents", "{\"destination\": "), 400, "malformed_json");
        ApiClient.Reply wrongType = agent.post("/v1/intents", obj("destination", "a.b", "policy", "allow", "recordCount", "ten"));
        assertError(wrongType, 400, "invalid_field");
        assertEquals("recordCount", wrongType.text("field"));
        ApiClient.Reply unknown = agent.post("/v1/intents", obj("destination", "a.b", "policy", "allow", "recordcount", 10));
        assertError(unknown, 400, "unknown_field");
        assertEquals("recordcount", unknown.text("field"));
        assertError(agent.post("/v1/intents", obj("policy", "allow")), 400, "invalid_field");
        assertError(agent.post("/v1/intents", obj("destination", "a", "policy", "allow", "expiresIn", "forever")), 400, "invalid_field");
        assertError(agent.post("/v1/intents", "[1,2]"), 400, "invalid_field");
        assertError(agent.postRaw("/v1/intents", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)), 415, "unsupported_media_type");
        assertError(agent.get("/v1/intents?status=maybe"), 400, "invalid_field");
        assertError(agent.get("/v1/intents?limit=0"), 400, "invalid_field");
    }

    @Test
    void authStateAndSizeErrors() {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "errs"));
        assertError(gate.anonymous().get("/v1/intents"), 401, "unauthorized");
        assertError(gate.client("gate_sk_" + "0".repeat(48)).get("/v1/intents"), 401, "unauthorized");
        assertError(agent.get("/v1/agents"), 403, "forbidden");
        assertError(agent.get("/v1/intents/int_0000000000000000"), 404, "not_found");
        assertError(agent.get("/v1/nothing"), 404, "not_found");

        String id = agent.post("/v1/intents", obj("destination", "stripe.refund", "policy", "finance-high-risk",
                "payload", "x")).text("intentId");
        gate.admin().post("/v1/intents/" + id + "/reject", obj());
        assertError(gate.admin().post("/v1/intents/" + id + "/approve", obj()), 409, "already_decided");

        byte[] big = new byte[1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        assertError(agent.postRaw("/v1/intents", "application/json", big), 413, "payload_too_large");
    }

    @Test
    void approvingAfterExpiryIsGoneAndExpiresTheIntent() throws Exception {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "slow"));
        String id = agent.post("/v1/intents", obj("destination", "stripe.refund", "policy", "finance-high-risk",
                "payload", "x", "expiresIn", "1s")).text("intentId");
        Thread.sleep(1100);
        assertError(gate.admin().post("/v1/intents/" + id + "/approve", obj()), 410, "expired");
        assertEquals("expired", gate.admin().get("/v1/intents/" + id).text("status"));
    }

    @Test
    void storeUnavailableIs503AndNothingIsRecorded() {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "down"));
        gate.server().store().close();
        ApiClient.Reply r = agent.post("/v1/intents", obj("destination", "blog.publish", "policy", "blog-publish", "payload", "p"));
        assertError(r, 503, "store_unavailable");
        ApiClient.Reply ready = gate.anonymous().get("/readyz");
        assertEquals(503, ready.status());
    }
}
