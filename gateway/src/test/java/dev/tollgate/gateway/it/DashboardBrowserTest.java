package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reviewer dashboard in a real browser (SPEC §8): a real Tollgate with a held proxied request
 * and a pending shell action, then {@code gateway/src/test/browser/dashboard.spec.mjs} (Node +
 * playwright-core + Debian's Chromium) signs in, approves, stops, checks the errors and measures.
 * Needs {@code node}, {@code /usr/bin/chromium} (or {@code $CHROMIUM}) and {@code npm ci} run in
 * gateway/src/test/browser; when one is missing this test FAILS and says what to install.
 */
class DashboardBrowserTest {
    static final Path BROWSER_DIR = TollgateExtension.REPO.resolve("gateway/src/test/browser");
    static final Path SCREENSHOT = TollgateExtension.REPO.resolve("gateway/target/dashboard.png");
    private static final Path TMP;
    private static final Path ROOT;
    private static final Path DESTINATIONS;
    private static final Path GATEWAY_YAML;

    static {
        try {
            TMP = Files.createTempDirectory("tollgate-dashboard").toRealPath();
            ROOT = Files.createDirectories(TMP.resolve("work"));
            DESTINATIONS = TMP.resolve("destinations.yaml");
            Files.writeString(DESTINATIONS, """
                    destinations:
                      - name: stripe.refund
                        match: { host: 127.0.0.1, path: /refunds/** }
                        policy: finance-high-risk
                    default_policy: null
                    """);
            GATEWAY_YAML = TMP.resolve("gateway.yaml");
            Files.writeString(GATEWAY_YAML, """
                    hosted_gateway:
                      gateway_id: gw-dashboard
                      local_access:
                        enabled: true
                        allowed_roots:
                          - {path: %s, mode: read_write}
                        allowed_commands: [ls, cat, rm]
                        blocked_commands: [sudo]
                        approval_required_risk_levels: [destructive, critical]
                      shell:
                        approval_timeout_seconds: 600
                        command_timeout_seconds: 30
                    """.formatted(ROOT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @RegisterExtension final TollgateExtension gate = new TollgateExtension()
            .with("proxy.allow_private", "127.0.0.0/8")
            .with("proxy.destinations", DESTINATIONS.toString())
            .with("gateway_config", GATEWAY_YAML.toString());

    private HttpServer upstream;
    private final AtomicInteger upstreamRequests = new AtomicInteger();

    @BeforeEach void startUpstream() throws IOException {
        Files.writeString(ROOT.resolve("notes.txt"), "keep me\n");
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            upstreamRequests.incrementAndGet();
            byte[] body = "refunded".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.start();
    }

    @AfterEach void stopUpstream() { upstream.stop(0); }

    @Test
    void theDashboardInHeadlessChromium() throws Exception {
        List<String> missing = missingTools();
        if (!missing.isEmpty()) {
            fail("The dashboard browser test needs tools that are not installed:\n  " + String.join("\n  ", missing)
                    + "\n(see README, Dashboard; .ci/run installs them)");
        }

        String agentKey = IntentLifecycleTest.register(gate, "shopper");
        String reviewerKey = IntentLifecycleTest.reviewer(gate);

        // A proxied request that asks to be held (X-Gate-Wait) until a reviewer decides.
        CompletableFuture<String> heldStatus = CompletableFuture.supplyAsync(() -> proxiedPost(agentKey, "/refunds/1"));
        ApiClient.Reply held = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            held = gate.admin().get("/v1/proxy/held");
            if (held.json().path("count").asInt() == 1) break;
            Thread.sleep(50);
        }
        assertEquals(1, held.json().path("count").asInt(), held.body());
        String heldIntent = held.json().get("held").get(0).get("intentId").asText();
        assertEquals(0, upstreamRequests.get(), "nothing reaches the upstream before approval");

        // A destructive shell step waits as a pending action.
        ApiClient agent = gate.client(agentKey);
        ApiClient.Reply task = agent.post("/v1/tasks", obj("identity_context", obj("user_id", "u-ann", "team_id", "t1")));
        assertEquals(201, task.status(), task.body());
        String taskId = task.text("task_id");
        ApiClient.Reply step = agent.post("/v1/tasks/" + taskId + "/steps",
                obj("op", "shell", "command", "rm notes.txt", "cwd", ROOT.toString()));
        assertEquals(202, step.status(), step.body());
        String actionId = step.text("action_id");

        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        ProcessBuilder pb = new ProcessBuilder("node", BROWSER_DIR.resolve("dashboard.spec.mjs").toString())
                .directory(BROWSER_DIR.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("TOLLGATE_URL", gate.base());
        env.put("TOLLGATE_ADMIN_KEY", gate.adminKey());
        env.put("TOLLGATE_REVIEWER_KEY", reviewerKey);
        env.put("TOLLGATE_AGENT_KEY", agentKey);
        env.put("TOLLGATE_HELD_INTENT", heldIntent);
        env.put("TOLLGATE_ACTION_ID", actionId);
        env.put("TOLLGATE_TASK_ID", taskId);
        env.put("TOLLGATE_SCREENSHOT", SCREENSHOT.toString());
        env.putIfAbsent("CHROMIUM", chromium().toString());
        Process node = pb.start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println("[dashboard.spec] " + line);
                    synchronized (out) { out.append(line).append('\n'); }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        boolean ended = node.waitFor(300, TimeUnit.SECONDS);
        if (!ended) node.destroyForcibly();
        reader.join(5000);
        String output;
        synchronized (out) { output = out.toString(); }
        assertTrue(ended, "the browser test finished within 300 s:\n" + output);
        assertEquals(0, node.exitValue(), "the browser test failed:\n" + output);
        assertTrue(output.contains("METRIC propagation_second_page_ms="), output);
        assertTrue(output.contains("METRIC page_load_1000_best_ms="), output);
        assertTrue(!output.contains("\nFAIL "), output);

        // The approval made in the page released the held request: the client got the upstream's 200.
        assertEquals("200", heldStatus.get(10, TimeUnit.SECONDS), "the held request completed through the upstream");
        assertEquals(1, upstreamRequests.get());
        assertTrue(Files.exists(ROOT.resolve("notes.txt")), "the stopped command never ran");
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot of the main view at " + SCREENSHOT);
    }

    /** POST through the proxy with X-Gate-Wait: true; answers the status code the client finally got. */
    private String proxiedPost(String agentKey, String path) {
        int port = upstream.getAddress().getPort();
        byte[] body = "{\"amount\": 40}".getBytes(StandardCharsets.UTF_8);
        String auth = Base64.getEncoder().encodeToString(("shopper:" + agentKey).getBytes(StandardCharsets.UTF_8));
        String head = "POST http://127.0.0.1:" + port + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Proxy-Authorization: Basic " + auth + "\r\n"
                + "X-Gate-Wait: true\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", gate.server().proxyPort())) {
            s.setSoTimeout(290_000);
            OutputStream o = s.getOutputStream();
            o.write(head.getBytes(StandardCharsets.US_ASCII));
            o.write(body);
            o.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return status == null ? "closed" : status.split(" ")[1];
        } catch (IOException e) {
            return "error: " + e;
        }
    }

    static Path chromium() {
        String c = System.getenv("CHROMIUM");
        return Path.of(c == null || c.isBlank() ? "/usr/bin/chromium" : c);
    }

    /** {@code npm ci} of the pinned playwright-core (package-lock.json); bounded, output discarded. */
    private static void installPlaywrightCore() {
        try {
            Process p = new ProcessBuilder("npm", "ci", "--prefix", BROWSER_DIR.toString(), "--no-audit", "--no-fund",
                    "--loglevel=error").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (IOException e) {
            // npm missing: reported below with the command to run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What is missing to run the browser test, each with the command that installs it. */
    static List<String> missingTools() {
        List<String> missing = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                missing.add("node does not run: apt-get install -y nodejs npm");
            } else if (!v.matches("v([2-9]\\d|\\d{3,})\\..*")) {
                missing.add("node " + v + " is too old: playwright-core needs Node.js 20 or newer (apt-get install -y nodejs npm"
                        + " from a Node 20+ source such as NodeSource; Debian 12's own nodejs is 18)");
            }
        } catch (IOException e) {
            missing.add("node (Node.js) is not on the PATH: apt-get install -y nodejs npm");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            missing.add("interrupted while checking node");
        }
        if (missing.isEmpty() && !Files.isRegularFile(BROWSER_DIR.resolve("node_modules/playwright-core/package.json"))) {
            installPlaywrightCore(); // so that the README's one test command works on a fresh clone
        }
        if (!Files.isRegularFile(BROWSER_DIR.resolve("node_modules/playwright-core/package.json"))) {
            missing.add("playwright-core from npm: npm ci --prefix " + TollgateExtension.REPO.relativize(BROWSER_DIR)
                    + "   (the browser is Debian's chromium; never run a 'playwright install')");
        }
        Path c = chromium();
        if (!Files.isExecutable(c)) {
            missing.add("Chromium at " + c + ": apt-get install -y chromium   (or set CHROMIUM to its path)");
        }
        return missing;
    }
}
