package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.auth.KeyKind;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.config.SettingsLoader;
import dev.tollgate.gateway.server.TollgateServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tollgate actions approve|deny|list}, {@code tasks}, {@code wallets} against a real running server. */
class ActionsCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir Path tmp;
    Path rw;
    TollgateServer server;
    String adminKey = KeyKind.ADMIN.generate();
    String agentKey;

    @BeforeEach void start() throws Exception {
        Path base = tmp.toRealPath();
        rw = Files.createDirectories(base.resolve("rw"));
        Files.writeString(rw.resolve("doomed.txt"), "x");
        Path yaml = Files.writeString(base.resolve("gateway.yaml"), """
                hosted_gateway:
                  local_access:
                    enabled: true
                    allowed_roots: [{path: %s, mode: read_write}]
                    allowed_commands: [ls, rm]
                """.formatted(rw));
        Path repo = Path.of("").toAbsolutePath();
        while (!Files.exists(repo.resolve("config/policies"))) repo = repo.getParent();
        Map<String, String> f = new HashMap<>();
        f.put("api.port", "0");
        f.put("proxy.port", "0");
        f.put("data_dir", base.resolve("data").toString());
        f.put("policy_dir", repo.resolve("config/policies").toString());
        f.put("proxy.destinations", repo.resolve("config/destinations.yaml").toString());
        f.put("gateway_config", yaml.toString());
        Settings s = SettingsLoader.load(f, Map.of(), repo);
        server = TollgateServer.start(s, Map.of("TOLLGATE_ADMIN_KEY", adminKey), m -> {});
        agentKey = post(adminKey, "/v1/agents/register", "{\"name\":\"bot\"}").path("apiKey").asText();
    }

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    String url() { return "http://127.0.0.1:" + server.apiPort(); }

    JsonNode post(String key, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.parse(r.body()).orElseThrow();
    }

    JsonNode get(String key, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        return Json.parse(r.body()).orElseThrow();
    }

    CliRun cli(String... args) {
        return CliRun.run(Map.of("TOLLGATE_ADMIN_KEY", adminKey), tmp, Plugins.of(Map.of()), args);
    }

    JsonNode pendingRm(String task) throws Exception {
        JsonNode step = post(agentKey, "/v1/tasks/" + task + "/steps",
                "{\"op\":\"shell\",\"command\":\"rm doomed.txt\",\"cwd\":\"" + rw + "\"}");
        assertEquals("pending_approval", step.path("status").asText(), step.toString());
        return step;
    }

    @Test void approveThroughTheCliShowsThePreviewAndRunsTheStepOnce() throws Exception {
        String task = post(agentKey, "/v1/tasks", "{\"identity_context\":{\"user_id\":\"u1\"}}").path("task_id").asText();
        JsonNode step = pendingRm(task);
        String action = step.path("action_id").asText();

        CliRun list = cli("actions", "list", "--server", url());
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains(action) && list.out().contains("rm doomed.txt"), list.out());

        CliRun byAgent = CliRun.run(Map.of(), tmp, Plugins.of(Map.of()), "actions", "approve", "--server", url(),
                "--key", agentKey, action, "--digest", step.path("command_digest").asText());
        assertEquals(1, byAgent.exit(), byAgent.toString());
        assertTrue(byAgent.err().contains("403"), byAgent.err());

        CliRun wrong = cli("actions", "approve", "--server", url(), action, "--digest", "00");
        assertEquals(1, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().contains("digest_mismatch"), wrong.err());

        CliRun ok = cli("actions", "approve", "--server", url(), action);
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("preview: rm doomed.txt"), ok.out());
        assertTrue(ok.out().contains("digest:  " + step.path("command_digest").asText()), ok.out());
        assertTrue(ok.out().contains(action + ": approved"), ok.out());
        JsonNode done = get(agentKey, "/v1/tasks/" + task + "/steps/" + step.path("step_id").asText() + "?wait=20");
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertFalse(Files.exists(rw.resolve("doomed.txt")));

        CliRun again = cli("actions", "approve", "--server", url(), action);
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already_decided"), again.err());

        CliRun show = cli("tasks", "show", "--server", url(), task);
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains("\"completed\""), show.out());
        CliRun tasks = cli("tasks", "list", "--server", url());
        assertTrue(tasks.out().contains(task), tasks.out());
    }

    @Test void denyThroughTheCli() throws Exception {
        String task = post(agentKey, "/v1/tasks", "{\"identity_context\":{\"user_id\":\"u1\"}}").path("task_id").asText();
        JsonNode step = pendingRm(task);
        CliRun deny = cli("actions", "deny", "--server", url(), step.path("action_id").asText(), "--reason", "no");
        assertEquals(0, deny.exit(), deny.toString());
        assertTrue(deny.out().contains(": denied"), deny.out());
        assertEquals("stopped_by_user", get(agentKey, "/v1/tasks/" + task + "/steps/" + step.path("step_id").asText())
                .path("status").asText());
        assertTrue(Files.exists(rw.resolve("doomed.txt")));
        CliRun wallets = cli("wallets", "credit", "--server", url(), "user", "u1", "7");
        assertEquals(0, wallets.exit(), wallets.toString());
        assertTrue(cli("wallets", "list", "--server", url()).out().lines().anyMatch(l -> l.matches("user\\s+u1\\s+7\\s+.*")));
    }
}
