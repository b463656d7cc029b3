package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.audit.AuditVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task channel across restarts (SPEC §7.6), with {@code tollgate serve} in a child JVM that
 * is SIGKILLed: a pending action survives and, approved after the restart, runs once; a step that
 * was running when the process died is {@code interrupted}, never re-run. The child has
 * {@code TOLLGATE_ADMIN_KEY} in its real environment, and a command's environment must not.
 */
class TaskChannelRestartTest {
    /** A serve process with the test's gateway.yaml: a child JVM, so that it can be SIGKILLed. */
    private static ChildTollgate child(TaskChannelApiTest.Gateway files, String adminKey) throws Exception {
        return ChildTollgate.start(files.dataDir, adminKey, "--gateway-config", files.yaml.toString());
    }

    @TempDir Path tmp;

    @Test void pendingSurvivesASigkillAndRunsOnceWhenApprovedAfterwards() throws Exception {
        TaskChannelApiTest.Gateway files = new TaskChannelApiTest.Gateway(tmp, "[destructive]", 300, "{enabled: false}");
        String adminKey = files.adminKey;
        String agentKey;
        String task;
        String step;
        String action;
        String digest;
        try (ChildTollgate child = child(files, adminKey)) {
            ApiClient admin = new ApiClient(child::base, adminKey);
            agentKey = admin.post("/v1/agents/register", obj("name", "bot")).text("apiKey");
            ApiClient agent = new ApiClient(child::base, agentKey);
            task = TaskChannelApiTest.task(agent, "u1");

            ApiClient.Reply env = TaskChannelApiTest.shell(agent, task, "printenv", files.ro);
            assertEquals(200, env.status(), env.body());
            String out = env.json().path("result").path("stdout").asText();
            assertTrue(out.contains("MARKER=marker-value-7"), out);
            assertFalse(out.contains("TOLLGATE_ADMIN_KEY"), "the gateway's own environment never leaks: " + out);
            assertFalse(out.contains(adminKey), out);

            ApiClient.Reply p = TaskChannelApiTest.shell(agent, task, "echo ran >> once.txt", files.rw);
            assertEquals(202, p.status(), p.body());
            step = p.text("step_id");
            action = p.text("action_id");
            digest = p.text("command_digest");
            child.kill();
        }
        try (ChildTollgate again = child(files, adminKey)) {
            ApiClient admin = new ApiClient(again::base, adminKey);
            ApiClient agent = new ApiClient(again::base, agentKey);
            assertEquals("pending", admin.get("/v1/actions/" + action).text("status"));
            ApiClient.Reply ok = admin.post("/v1/actions/" + action + "/approve", obj("command_digest", digest));
            assertEquals(200, ok.status(), ok.body());
            ApiClient.Reply done = agent.get("/v1/tasks/" + task + "/steps/" + step + "?wait=20");
            assertEquals("completed", done.text("status"), done.body());
            assertEquals(409, admin.post("/v1/actions/" + action + "/approve", obj("command_digest", digest)).status());
        }
        try (ChildTollgate third = child(files, adminKey)) {
            ApiClient agent = new ApiClient(third::base, agentKey);
            assertEquals("completed", agent.get("/v1/tasks/" + task + "/steps/" + step).text("status"));
        }
        assertEquals(List.of("ran"), Files.readAllLines(files.rw.resolve("once.txt")), "exactly one run across restarts");
        AuditVerifier.Result chain = AuditVerifier.verify(files.dataDir.resolve("tollgate.db"),
                new AuditChain(AuditKey.load(files.dataDir.resolve("audit.key"))));
        assertTrue(chain.ok(), chain.message());
    }

    @Test void aStepRunningAtSigkillIsInterruptedAfterTheRestart() throws Exception {
        TaskChannelApiTest.Gateway files = new TaskChannelApiTest.Gateway(tmp, "[destructive]", 300, "{enabled: false}");
        String adminKey = files.adminKey;
        String agentKey;
        String task;
        String step;
        try (ChildTollgate child = child(files, adminKey)) {
            ApiClient admin = new ApiClient(child::base, adminKey);
            agentKey = admin.post("/v1/agents/register", obj("name", "bot")).text("apiKey");
            ApiClient agent = new ApiClient(child::base, agentKey);
            task = TaskChannelApiTest.task(agent, "u1");
            CompletableFuture<ApiClient.Reply> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return TaskChannelApiTest.shell(agent, task, "sleep 20", files.ro);
                } catch (RuntimeException connectionGone) {
                    return null;
                }
            });
            step = null;
            for (int i = 0; i < 100 && step == null; i++) {
                Thread.sleep(100);
                for (var s : admin.get("/v1/tasks/" + task).json().path("steps")) {
                    if (s.path("status").asText().equals("running")) step = s.path("step_id").asText();
                }
            }
            assertTrue(step != null, "the sleep step should be running");
            child.kill();
            running.get(30, TimeUnit.SECONDS);
        }
        try (ChildTollgate again = child(files, adminKey)) {
            ApiClient agent = new ApiClient(again::base, agentKey);
            ApiClient.Reply s = agent.get("/v1/tasks/" + task + "/steps/" + step);
            assertEquals(200, s.status(), s.body());
            assertEquals("interrupted", s.text("status"), s.body());
            JsonEvents.assertHas(new ApiClient(again::base, adminKey).get("/v1/tasks/" + task + "/audit"), "step_interrupted");
        }
    }

    /** Audit helpers. */
    static final class JsonEvents {
        static void assertHas(ApiClient.Reply audit, String type) {
            for (var e : audit.json().path("events")) if (e.path("event_type").asText().equals(type)) return;
            throw new AssertionError(type + " missing from " + audit.body());
        }
    }
}
