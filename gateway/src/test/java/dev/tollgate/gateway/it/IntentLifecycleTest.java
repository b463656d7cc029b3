package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole Gate-compatible lifecycle over real HTTP: register, propose, approve, execute, report, audit. */
class IntentLifecycleTest {
    @RegisterExtension final TollgateExtension gate = new TollgateExtension();

    static String register(TollgateExtension gate, String name) {
        ApiClient.Reply r = gate.admin().post("/v1/agents/register", obj("name", name, "riskTier", "standard"));
        assertEquals(201, r.status(), r.body());
        assertTrue(r.text("apiKey").matches("gate_sk_[0-9a-f]{48}"), r.body());
        assertTrue(r.text("agentId").matches("agt_[0-9a-f]{16}"), r.body());
        assertEquals("active", r.text("status"));
        return r.text("apiKey");
    }

    static String reviewer(TollgateExtension gate) {
        ApiClient.Reply r = gate.admin().post("/v1/reviewers", obj("name", "alice"));
        assertEquals(201, r.status(), r.body());
        return r.text("apiKey");
    }

    @Test
    void pendingIntentIsApprovedByAReviewerExecutedOnceAndAudited() {
        ApiClient agent = gate.client(register(gate, "crm-bot"));
        ApiClient reviewer = gate.client(reviewer(gate));

        ApiClient.Reply p = agent.post("/v1/intents", obj("destination", "stripe.refund", "policy", "finance-high-risk",
                "payload", "{\"amount\": 40}", "recordCount", 1));
        assertEquals(200, p.status(), p.body());
        String id = p.text("intentId");
        assertTrue(id.matches("int_[0-9a-f]{16}"));
        assertEquals(id, p.text("proposalId"));
        assertEquals("pending_approval", p.text("status"));
        assertEquals("manual_review_required", p.text("reason_code"));
        assertNotNull(p.text("expiresAt"));

        ApiClient.Reply listed = reviewer.get("/v1/intents?status=pending_approval");
        assertEquals(1, listed.json().get("count").asInt());
        assertEquals(id, listed.json().get("intents").get(0).get("intentId").asText());

        assertEquals(403, agent.post("/v1/intents/" + id + "/approve", obj()).status(), "an agent never approves");
        assertEquals(409, agent.post("/v1/intents/" + id + "/execute", obj()).status(), "not approved yet");

        ApiClient.Reply a = reviewer.post("/v1/intents/" + id + "/approve", obj("approvedBy", "mallory"));
        assertEquals(200, a.status(), a.body());
        assertEquals("approved", a.text("status"));
        assertEquals("reviewer:alice", a.text("approvedBy"), "the approver comes from the key, not the body");
        assertEquals(200, reviewer.post("/v1/approve", obj("intentId", id)).status(), "approving again is the same 200");

        ApiClient.Reply e = agent.post("/v1/intents/" + id + "/execute", obj());
        assertEquals(201, e.status(), e.body());
        assertEquals("scheduled", e.text("status"));
        assertTrue(e.text("execution_token").matches("gex_[0-9a-f]{40}"));
        assertEquals(409, agent.post("/v1/intents/" + id + "/execute", obj()).status(), "executes at most once");

        String exe = e.text("executionId");
        ApiClient worker = gate.client(e.text("execution_token"));
        ApiClient.Reply rep = worker.post("/v1/executions/" + exe + "/report",
                obj("status", "succeeded", "report", obj("records_written", 1)));
        assertEquals(200, rep.status(), rep.body());
        assertEquals("succeeded", rep.text("status"));
        assertEquals(409, worker.post("/v1/executions/" + exe + "/report", obj("status", "failed")).status());
        assertEquals(-1, agent.get("/v1/executions/" + exe).body().indexOf("gex_"), "the token is never shown again");

        ApiClient.Reply shown = agent.get("/v1/intents/" + id);
        assertEquals("succeeded", shown.text("status"));
        List<String> types = new ArrayList<>();
        shown.json().get("auditTrail").forEach(ev -> types.add(ev.get("event_type").asText()));
        assertEquals(List.of("proposed", "policy_checked", "approved", "execution_requested", "execution_succeeded"), types);
        JsonNode approved = shown.json().get("auditTrail").get(2);
        assertEquals("reviewer:alice", approved.get("actor").asText());

        ApiClient.Reply audit = agent.get("/v1/audit/" + id);
        assertEquals(5, audit.json().get("count").asInt());
        ApiClient.Reply metrics = reviewer.get("/v1/metrics");
        assertEquals(1, metrics.json().get("actions_succeeded").asInt(), metrics.body());
        assertTrue(metrics.json().get("avg_approval_latency_ms").asLong() >= 0);
    }

    @Test
    void policyDecisionsComeBackWithReasonCodesAndRisk() {
        ApiClient agent = gate.client(register(gate, "support-bot"));
        ApiClient.Reply ok = agent.post("/v1/propose", obj("action", "zendesk.reply", "policy_id", "support-reply",
                "payload", "Thank you — your issue has been resolved.", "estimated_records", 1));
        assertEquals("approved", ok.text("status"), ok.body());
        assertEquals("approved_by_policy", ok.text("reason_code"));
        assertEquals("low", ok.text("risk_level"));

        ApiClient.Reply term = agent.post("/v1/intents", obj("destination", "zendesk.reply", "policy", "support-reply",
                "payload", "R3fund-GUARANT33D! for you", "recordCount", 1));
        assertEquals("blocked", term.text("status"), term.body());
        assertEquals("blocked_term_detected", term.text("reason_code"));
        assertTrue(term.text("blockReason").contains("refund guaranteed"));

        ApiClient.Reply missing = agent.post("/v1/intents", obj("destination", "x.y", "policy", "../../etc/passwd"));
        assertEquals("blocked", missing.text("status"));
        assertEquals("policy_not_found", missing.text("reason_code"));

        ApiClient.Reply crm = agent.post("/v1/intents", obj("destination", "salesforce.import", "policy", "crm-low-risk",
                "payload", "leads.csv", "recordCount", 847));
        assertEquals("pending_approval", crm.text("status"));
        assertEquals("record_threshold_exceeded", crm.text("reason_code"));

        ApiClient.Reply first = agent.post("/v1/intents", obj("destination", "zendesk.reply", "policy", "support-reply",
                "payload", "hello", "recordCount", 1, "idempotency_key", "k-1"));
        ApiClient.Reply again = agent.post("/v1/intents", obj("destination", "zendesk.reply", "policy", "support-reply",
                "payload", "hello", "recordCount", 1, "idempotency_key", "k-1"));
        assertEquals(409, again.status());
        assertEquals("duplicate_blocked", again.text("status"));
        assertEquals(first.text("intentId"), again.text("intentId"));
        assertEquals(1, gate.admin().get("/v1/metrics").json().get("actions_duplicate").asInt());
    }

    @Test
    void rejectionBlocksWithReviewerReasonAndSurvivesRestart() throws Exception {
        ApiClient agent = gate.client(register(gate, "blogger"));
        String id = agent.post("/v1/intents", obj("destination", "blog.publish", "policy", "blog-publish",
                "payload", "post")).text("intentId");
        ApiClient.Reply r = gate.admin().post("/v1/intents/" + id + "/reject", obj("reason", "off-brand"));
        assertEquals(200, r.status(), r.body());
        assertEquals("blocked", r.text("status"));
        assertEquals("off-brand", r.text("reason"));
        assertEquals(409, gate.admin().post("/v1/intents/" + id + "/approve", obj()).status());

        gate.restart();
        ApiClient.Reply shown = gate.admin().get("/v1/intents/" + id);
        assertEquals("blocked", shown.text("status"));
        assertEquals("rejected_by_reviewer", shown.text("reason_code"));
        assertEquals("off-brand", shown.text("blockReason"));
    }
}
