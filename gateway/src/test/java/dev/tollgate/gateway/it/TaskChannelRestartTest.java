package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.audit.AuditVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task channel across restarts (SPEC §7.6), with {@code tollgate serve} in a child JVM that
 * is SIGKILLed: a pending action survives and, approved after the restart, runs once; a step that
 * was running when the process died is {@code interrupted}, never re-run. The child has
 * {@code TOLLGATE_ADMIN_KEY} in its real environment, and a command's environment must not.
 */
class TaskChannelRestartTest {
    private static final Pattern LISTENING = Pattern.compile("API listening on http://[^:]+:(\\d+)");

    /** Like {@link ChildTollgate}, with the task channel's configuration. */
    static final class Child implements AutoCloseable {
        final Process process;
        final int port;

        private Child(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Child start(Path dataDir, Path gatewayYaml, String adminKey) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "dev.tollgate.gateway.cli.TollgateCli", "serve", "--port", "0", "--proxy-port", "0",
                    "--data-dir", dataDir.toString(),
                    "--policy-dir", TollgateExtension.REPO.resolve("config/policies").toString(),
                    "--gateway-config", gatewayYaml.toString())
                    .directory(TollgateExtension.REPO.toFile()).redirectErrorStream(true);
            pb.environment().put("TOLLGATE_ADMIN_KEY", adminKey);
            Process p = pb.start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            List<String> lines = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) port.complete(Integer.parseInt(m.group(1)));
                    }
                } catch (IOException ignored) {
                    // the child died
                }
                port.completeExceptionally(new IllegalStateException("child exited before listening: " + lines));
            }, "task-child-output");
            reader.setDaemon(true);
            reader.start();
            return new Child(p, port.get(30, TimeUnit.SECONDS));
        }

        String base() { return "http://127.0.0.1:" + port; }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        @Override public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) kill();
            }
        }
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
        try (Child child = Child.start(files.dataDir, files.yaml, adminKey)) {
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
        try (Child again = Child.start(files.dataDir, files.yaml, adminKey)) {
            ApiClient admin = new ApiClient(again::base, adminKey);
            ApiClient agent = new ApiClient(again::base, agentKey);
            assertEquals("pending", admin.get("/v1/actions/" + action).text("status"));
            ApiClient.Reply ok = admin.post("/v1/actions/" + action + "/approve", obj("command_digest", digest));
            assertEquals(200, ok.status(), ok.body());
            ApiClient.Reply done = agent.get("/v1/tasks/" + task + "/steps/" + step + "?wait=20");
            assertEquals("completed", done.text("status"), done.body());
            assertEquals(409, admin.post("/v1/actions/" + action + "/approve", obj("command_digest", digest)).status());
        }
        try (Child third = Child.start(files.dataDir, files.yaml, adminKey)) {
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
        try (Child child = Child.start(files.dataDir, files.yaml, adminKey)) {
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
        try (Child again = Child.start(files.dataDir, files.yaml, adminKey)) {
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
