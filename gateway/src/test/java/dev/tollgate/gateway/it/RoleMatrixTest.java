package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SPEC §3's role matrix, route by route: 401 without a key, 403 with the wrong role. */
class RoleMatrixTest {
    @RegisterExtension final TollgateExtension gate = new TollgateExtension();

    record Row(String method, String path, int none, int agent, int reviewer, int admin) {}

    @Test
    void everyRouteEnforcesTheRoleMatrix() {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "a1"));
        ApiClient other = gate.client(IntentLifecycleTest.register(gate, "a2"));
        ApiClient reviewer = gate.client(IntentLifecycleTest.reviewer(gate));
        String mine = agent.post("/v1/intents", obj("destination", "stripe.refund", "policy", "finance-high-risk",
                "payload", "x")).text("intentId");
        String theirs = other.post("/v1/intents", obj("destination", "stripe.refund", "policy", "finance-high-risk",
                "payload", "x")).text("intentId");

        List<Row> rows = List.of(
                new Row("GET", "/v1/intents", 401, 200, 200, 200),
                new Row("GET", "/v1/intents/" + mine, 401, 200, 200, 200),
                new Row("GET", "/v1/intents/" + theirs, 401, 404, 200, 200),
                new Row("GET", "/v1/intents/" + theirs + "/audit", 401, 404, 200, 200),
                new Row("GET", "/v1/agents", 401, 403, 200, 200),
                new Row("GET", "/v1/audit", 401, 403, 200, 200),
                new Row("GET", "/v1/metrics", 401, 200, 200, 200),
                new Row("GET", "/v1/policies", 401, 200, 200, 200),
                new Row("GET", "/v1/reviewers", 401, 403, 403, 200),
                new Row("POST", "/v1/reviewers", 401, 403, 403, 201),
                new Row("POST", "/v1/agents/register", 401, 403, 403, 201),
                new Row("POST", "/v1/intents/" + mine + "/approve", 401, 403, 200, 200),
                new Row("POST", "/v1/intents/" + theirs + "/reject", 401, 403, 200, 200),
                new Row("POST", "/v1/intents", 401, 200, 403, 200));
        List<String> failures = new ArrayList<>();
        for (Row row : rows) {
            check(failures, row, "none", gate.anonymous(), row.none());
            check(failures, row, "agent", agent, row.agent());
            check(failures, row, "reviewer", reviewer, row.reviewer());
            check(failures, row, "admin", gate.admin(), row.admin());
        }
        assertEquals(List.of(), failures);
    }

    private static void check(List<String> failures, Row row, String who, ApiClient c, int expected) {
        ApiClient.Reply r = row.method().equals("GET") ? c.get(row.path()) : c.post(row.path(), body(row.path()));
        if (r.status() != expected) {
            failures.add(row.method() + " " + row.path() + " as " + who + ": " + r.status() + " (expected " + expected + ") " + r.body());
        }
        if (r.status() >= 400 && !r.json().has("code")) failures.add(row.path() + " as " + who + ": error without JSON code");
    }

    private static Object body(String path) {
        if (path.equals("/v1/intents")) return obj("destination", "blog.publish", "policy", "blog-publish", "payload", "p");
        if (path.equals("/v1/agents/register")) return obj("name", "n" + System.nanoTime());
        if (path.equals("/v1/reviewers")) return obj("name", "r" + System.nanoTime());
        return obj();
    }

    @Test
    void revokedAgentKeyStopsWorking() {
        ApiClient.Reply reg = gate.admin().post("/v1/agents/register", obj("name", "temp"));
        ApiClient agent = gate.client(reg.text("apiKey"));
        assertEquals(200, agent.get("/v1/intents").status());
        assertEquals(200, gate.admin().post("/v1/agents/" + reg.text("agentId") + "/revoke", obj()).status());
        assertEquals(401, agent.get("/v1/intents").status());
        assertEquals("revoked", gate.admin().get("/v1/agents/" + reg.text("agentId")).text("status"));
    }

    @Test
    void agentRestrictedToPoliciesIsBlockedOutsideThem() {
        ApiClient.Reply reg = gate.admin().post("/v1/agents/register", obj("name", "scoped",
                "allowed_policies", List.of("support-reply")));
        ApiClient agent = gate.client(reg.text("apiKey"));
        ApiClient.Reply r = agent.post("/v1/intents", obj("destination", "stripe.refund", "policy", "finance-high-risk",
                "payload", "x"));
        assertEquals("blocked", r.text("status"));
        assertEquals("agent_not_allowed", r.text("reason_code"));
    }
}
