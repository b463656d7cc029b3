package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCommandsTest {
    private static final String KEY = "gate_admin_0123456789abcdef";
    @TempDir Path cwd;

    private CliRun run(Map<String, String> env, String... args) {
        return CliRun.run(env, cwd, Plugins.of(Map.of()), args);
    }

    private static TestApiServer server(int status, String body) throws IOException {
        return new TestApiServer(r -> new TestApiServer.Response(status, body));
    }

    private static TestApiServer server(Function<TestApiServer.Request, TestApiServer.Response> answer) throws IOException {
        return new TestApiServer(answer);
    }

    private static JsonNode json(String text) {
        return Json.parse(text).orElseThrow();
    }

    @Test void agentsRegisterPostsTheAgentAndShowsTheKeyOnce() throws IOException {
        try (TestApiServer s = server(201, """
                {"agentId":"agt_00112233445566aa","agent_id":"agt_00112233445566aa","name":"bot","owner":"ops",
                 "riskTier":"high","status":"active","apiKey":"gate_sk_abc"}""")) {
            CliRun r = run(Map.of(), "agents", "register", "--server", s.url(), "--key", KEY,
                    "--name", "bot", "--risk-tier", "high", "--owner", "ops");
            assertEquals(0, r.exit(), r.toString());
            TestApiServer.Request req = s.only();
            assertEquals("POST", req.method());
            assertEquals("/v1/agents/register", req.uri());
            assertEquals("Bearer " + KEY, req.authorization());
            assertEquals("application/json", req.contentType());
            assertEquals(json("{\"name\":\"bot\",\"riskTier\":\"high\",\"owner\":\"ops\"}"), json(req.body()));
            assertTrue(r.out().contains("agt_00112233445566aa"), r.out());
            assertTrue(r.out().contains("api_key:  gate_sk_abc"), r.out());
            assertTrue(r.err().contains("only time the key is shown"), r.err());
        }
    }

    @Test void optionalFieldsAreLeftOutWhenNotGiven() throws IOException {
        try (TestApiServer s = server(201, "{\"agentId\":\"agt_1\",\"apiKey\":\"gate_sk_x\"}")) {
            assertEquals(0, run(Map.of(), "agents", "register", "--server", s.url(), "--key", KEY, "--name", "b").exit());
            assertEquals(json("{\"name\":\"b\"}"), json(s.only().body()));
        }
    }

    @Test void keyComesFromFlagThenEnvironmentThenAdminKeyFile() throws IOException {
        try (TestApiServer s = server(200, "{\"agents\":[]}")) {
            run(Map.of("TOLLGATE_ADMIN_KEY", "from-env"), "agents", "list", "--server", s.url(), "--key", "from-flag");
            run(Map.of("TOLLGATE_ADMIN_KEY", "from-env"), "agents", "list", "--server", s.url());
            Path data = Files.createDirectories(cwd.resolve("state"));
            Files.writeString(data.resolve("admin.key"), "from-file\n");
            run(Map.of(), "agents", "list", "--server", s.url(), "--data-dir", "state");
            run(Map.of("TOLLGATE_DATA_DIR", data.toString()), "agents", "list", "--server", s.url());
            assertEquals(4, s.requests.size());
            assertEquals("Bearer from-flag", s.requests.get(0).authorization());
            assertEquals("Bearer from-env", s.requests.get(1).authorization());
            assertEquals("Bearer from-file", s.requests.get(2).authorization());
            assertEquals("Bearer from-file", s.requests.get(3).authorization());
        }
    }

    @Test void withoutAnyKeyNoneIsSentAndA401SaysWhereToPutOne() throws IOException {
        try (TestApiServer s = server(401, "{\"error\":\"missing API key\",\"code\":\"unauthorized\"}")) {
            CliRun r = run(Map.of(), "agents", "list", "--server", s.url());
            assertEquals(1, r.exit(), r.toString());
            assertNull(s.only().authorization());
            assertTrue(r.err().contains("error: missing API key (code: unauthorized, HTTP 401)"), r.err());
            assertTrue(r.err().contains("hint: no API key found: pass --key, set TOLLGATE_ADMIN_KEY, or create "
                    + cwd.resolve("data/admin.key")), r.err());
        }
    }

    @Test void agentsListPrintsATable() throws IOException {
        try (TestApiServer s = server(200, """
                {"agents":[{"agentId":"agt_1","name":"bot","status":"active","riskTier":"low","owner":"ops",
                            "created_at":"2025-01-01T00:00:00Z"},
                           {"agent_id":"agt_2","name":"evil\\u001b[31m","status":"revoked"}]}""")) {
            CliRun r = run(Map.of(), "agents", "list", "--server", s.url(), "--key", KEY);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("GET", s.only().method());
            assertEquals("/v1/agents", s.only().uri());
            String[] lines = r.out().split("\n");
            assertEquals(3, lines.length, r.out());
            assertTrue(lines[0].matches("ID\\s+NAME\\s+STATUS\\s+RISK_TIER\\s+OWNER\\s+CREATED"), lines[0]);
            assertTrue(lines[1].matches("agt_1\\s+bot\\s+active\\s+low\\s+ops\\s+2025-01-01T00:00:00Z"), lines[1]);
            assertTrue(lines[2].startsWith("agt_2  evil?[31m"), "escape sequences are neutralised: " + lines[2]);
        }
    }

    @Test void reviewersAddPrintsTheReviewerKey() throws IOException {
        try (TestApiServer s = server(201, "{\"reviewerId\":\"rvw_1\",\"name\":\"alice\",\"apiKey\":\"gate_rk_123\"}")) {
            CliRun r = run(Map.of(), "reviewers", "add", "--server", s.url() + "/", "--key", KEY, "--name", "alice");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("POST", s.only().method());
            assertEquals("/v1/reviewers", s.only().uri());
            assertEquals(json("{\"name\":\"alice\"}"), json(s.only().body()));
            assertTrue(r.out().contains("rvw_1"), r.out());
            assertTrue(r.out().contains("gate_rk_123"), r.out());
            assertTrue(r.err().contains("only time the key is shown"), r.err());
        }
    }

    @Test void intentsListSendsFiltersAndPrintsATable() throws IOException {
        try (TestApiServer s = server(200, """
                {"intents":[{"intentId":"int_a","status":"pending_approval","agent_id":"agt_1",
                  "destination":"stripe.refund","policy":"finance","reason_code":"manual_review_required",
                  "created_at":"2025-01-01T00:00:00Z"}],"count":1}""")) {
            CliRun r = run(Map.of(), "intents", "list", "--server", s.url(), "--key", KEY,
                    "--status", "pending_approval", "--limit", "5");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("GET", s.only().method());
            assertEquals("/v1/intents?status=pending_approval&limit=5", s.only().uri());
            String[] lines = r.out().split("\n");
            assertTrue(lines[0].matches("ID\\s+STATUS\\s+AGENT\\s+DESTINATION\\s+POLICY\\s+REASON_CODE\\s+CREATED"), lines[0]);
            assertTrue(lines[1].matches("int_a\\s+pending_approval\\s+agt_1\\s+stripe.refund\\s+finance"
                    + "\\s+manual_review_required\\s+2025-01-01T00:00:00Z"), lines[1]);
        }
    }

    @Test void intentsListWithoutFiltersSendsNoQuery() throws IOException {
        try (TestApiServer s = server(200, "{\"intents\":[],\"count\":0}")) {
            assertEquals(0, run(Map.of(), "intents", "list", "--server", s.url(), "--key", KEY).exit());
            assertEquals("/v1/intents", s.only().uri());
        }
    }

    @Test void intentsShowPrintsPrettyJsonAndEscapesTheId() throws IOException {
        try (TestApiServer s = server(200, "{\"intentId\":\"int_a\",\"status\":\"approved\",\"auditTrail\":[]}")) {
            CliRun r = run(Map.of(), "intents", "show", "--server", s.url(), "--key", KEY, "int_a");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("/v1/intents/int_a", s.only().uri());
            assertEquals(json("{\"intentId\":\"int_a\",\"status\":\"approved\",\"auditTrail\":[]}"), json(r.out()));
            assertTrue(r.out().contains("\n  \"status\" : \"approved\""), r.out());

            run(Map.of(), "intents", "show", "--server", s.url(), "--key", KEY, "../agents?x=1");
            assertEquals("/v1/intents/..%2Fagents%3Fx%3D1", s.requests.get(1).uri());
        }
    }

    @Test void intentsApprovePosts() throws IOException {
        try (TestApiServer s = server(200, "{\"status\":\"approved\",\"intentId\":\"int_a\",\"approvedAt\":\"x\"}")) {
            CliRun r = run(Map.of(), "intents", "approve", "--server", s.url(), "--key", KEY, "int_a");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("POST", s.only().method());
            assertEquals("/v1/intents/int_a/approve", s.only().uri());
            assertEquals("Bearer " + KEY, s.only().authorization());
            assertEquals("int_a: approved\n", r.out());
        }
    }

    @Test void intentsRejectPostsTheReason() throws IOException {
        try (TestApiServer s = server(200, "{\"status\":\"blocked\",\"reason\":\"not today\"}")) {
            CliRun r = run(Map.of(), "intents", "reject", "--server", s.url(), "--key", KEY, "int_a", "--reason", "not today");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("POST", s.only().method());
            assertEquals("/v1/intents/int_a/reject", s.only().uri());
            assertEquals(json("{\"reason\":\"not today\"}"), json(s.only().body()));
            assertEquals("int_a: blocked (not today)\n", r.out());
        }
    }

    @Test void serverJsonErrorIsPrintedAndExits1() throws IOException {
        try (TestApiServer s = server(409, "{\"error\":\"intent is blocked\",\"code\":\"invalid_state\"}")) {
            CliRun r = run(Map.of(), "intents", "approve", "--server", s.url(), "--key", KEY, "int_a");
            assertEquals(1, r.exit(), r.toString());
            assertEquals("", r.out());
            assertEquals("error: intent is blocked (code: invalid_state, HTTP 409)\n", r.err());
        }
        try (TestApiServer s = server(400, "{\"error\":\"name is required\",\"code\":\"invalid_field\",\"field\":\"name\"}")) {
            CliRun r = run(Map.of(), "agents", "register", "--server", s.url(), "--key", KEY, "--name", "");
            assertEquals(1, r.exit(), r.toString());
            assertEquals("error: name is required (field: name, code: invalid_field, HTTP 400)\n", r.err());
        }
    }

    @Test void nonTollgateErrorBodyIsNamedAsSuch() throws IOException {
        try (TestApiServer s = server(502, "<html>Bad Gateway</html>")) {
            CliRun r = run(Map.of(), "agents", "list", "--server", s.url(), "--key", KEY);
            assertEquals(1, r.exit(), r.toString());
            assertEquals("unexpected HTTP 502 from " + s.url() + " (not a Tollgate error response)\n", r.err());
        }
        try (TestApiServer s = server(200, "not json")) {
            CliRun r = run(Map.of(), "agents", "list", "--server", s.url(), "--key", KEY);
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().startsWith("unexpected answer from " + s.url() + ": not JSON"), r.err());
        }
    }

    @Test void unreachableServerIsAClearMessage() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again below: nothing listens there
        }
        CliRun r = run(Map.of(), "intents", "list", "--server", "http://127.0.0.1:" + port, "--key", KEY);
        assertEquals(1, r.exit(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("cannot reach Tollgate at http://127.0.0.1:" + port + ": "), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace or class names: " + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test void badServerUrlIsAUsageError() {
        CliRun r = run(Map.of(), "agents", "list", "--server", "127.0.0.1:4000", "--key", KEY);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--server: must be an http:// or https:// URL"), r.err());
    }

    @Test void brokenSettingsAreReportedWhenNeededForTheKeyFile() {
        CliRun r = run(Map.of("TOLLGATE_DATA_DIR", "~/x"), "agents", "list");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("TOLLGATE_DATA_DIR: must be a file system path"), r.err());
    }
}
