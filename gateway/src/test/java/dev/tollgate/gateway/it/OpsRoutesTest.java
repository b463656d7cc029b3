package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Health, readiness, discovery, policies and both metrics formats. */
class OpsRoutesTest {
    @RegisterExtension final TollgateExtension gate = new TollgateExtension();

    @Test
    void healthReadinessAndDiscovery() {
        ApiClient.Reply health = gate.anonymous().get("/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.text("status"));
        assertEquals("tollgate", health.text("service"));
        assertTrue(health.json().get("proxy").has("tls_intercept"));
        assertEquals(200, gate.anonymous().get("/healthz").status());
        ApiClient.Reply ready = gate.anonymous().get("/readyz");
        assertEquals(200, ready.status(), ready.body());
        assertEquals("ready", ready.text("status"));

        ApiClient.Reply wk = gate.anonymous().get("/.well-known/gate");
        assertEquals("1.0", wk.json().get("supported_versions").get(0).asText());
        assertTrue(wk.json().get("policies").toString().contains("finance-high-risk"));

        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "ops"));
        ApiClient.Reply policies = agent.get("/v1/policies");
        assertTrue(policies.json().get("policies").toString().contains("support-reply"), policies.body());
        assertTrue(policies.json().get("policies").toString().contains("\"allow\""), "built-ins are listed");
    }

    @Test
    void theCaIsCreatedAtFirstStartAndServedWithoutAuth() throws Exception {
        java.nio.file.Path key = gate.dataDir().resolve("ca/tollgate-ca.key");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(key)));
        ApiClient.Reply pem = gate.anonymous().get("/v1/proxy/ca.crt");
        assertEquals(200, pem.status());
        assertEquals(java.nio.file.Files.readString(gate.dataDir().resolve("ca/tollgate-ca.crt")), pem.body());
        assertTrue(pem.body().startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals(400, gate.anonymous().get("/v1/proxy/ca.crt?format=jks").status());
    }

    @Test
    void prometheusCountsIntentsByStatusAndReason() {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "metered"));
        agent.post("/v1/intents", obj("destination", "blog.publish", "policy", "blog-publish", "payload", "p"));
        agent.post("/v1/intents", obj("destination", "blog.publish", "policy", "nope", "payload", "p"));
        ApiClient.Reply m = gate.anonymous().get("/metrics");
        assertEquals(200, m.status());
        assertTrue(m.raw().headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        assertTrue(m.body().contains(
                "tollgate_intents_proposed_total{reason_code=\"manual_review_required\",status=\"pending_approval\"} 1.0"), m.body());
        assertTrue(m.body().contains("tollgate_intents_proposed_total{reason_code=\"policy_not_found\",status=\"blocked\"} 1.0"));
        assertTrue(m.body().contains("tollgate_propose_duration_seconds_count"));
        assertTrue(m.body().contains("tollgate_store_commit_duration_seconds_count"), "store commit time is measured");
        ApiClient.Reply json = agent.get("/v1/metrics");
        assertEquals(2, json.json().get("actions_attempted").asInt(), json.body());
        assertEquals(1, json.json().get("actions_pending").asInt());
        assertEquals(1, json.json().get("actions_blocked").asInt());
    }
}
