package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.gateway.config.SettingsLoader;
import dev.tollgate.gateway.server.TollgateServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Policies as a running server lives with them: rate limits, expiry sweep, hot reload, bad files. */
class PolicyRuntimeTest {
    @RegisterExtension final TollgateExtension gate = new TollgateExtension();

    @Test
    void rateLimitIsCountedFromTheStorePerAgent() throws Exception {
        Files.writeString(gate.policyDir().resolve("tight.yaml"),
                "id: tight\nrequire_approval: never\nrate_limits:\n  per_agent_per_hour: 3\n");
        gate.restart();
        ApiClient a = gate.client(IntentLifecycleTest.register(gate, "busy"));
        ApiClient b = gate.client(IntentLifecycleTest.register(gate, "other"));
        for (int i = 0; i < 3; i++) {
            assertEquals("approved", a.post("/v1/intents", obj("destination", "d.x", "policy", "tight", "payload", "p"))
                    .text("status"));
        }
        ApiClient.Reply fourth = a.post("/v1/intents", obj("destination", "d.x", "policy", "tight", "payload", "p"));
        assertEquals("blocked", fourth.text("status"));
        assertEquals("rate_limit_exceeded", fourth.text("reason_code"));
        assertEquals("approved", b.post("/v1/intents", obj("destination", "d.x", "policy", "tight", "payload", "p"))
                .text("status"), "limits are per agent");
    }

    @Test
    void sweepExpiresPendingIntentsWithoutAnyRead() throws Exception {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "waiting"));
        String id = agent.post("/v1/intents", obj("destination", "stripe.refund", "policy", "finance-high-risk",
                "payload", "x", "expiresIn", "1s")).text("intentId");
        long deadline = System.currentTimeMillis() + 6_000;
        Intent stored;
        do {
            Thread.sleep(200);
            stored = gate.server().store().read(r -> r.intent(id)).get(5, TimeUnit.SECONDS).orElseThrow();
        } while (stored.status() != IntentStatus.EXPIRED && System.currentTimeMillis() < deadline);
        assertEquals(IntentStatus.EXPIRED, stored.status(), "expired by the sweep within 5 s of its deadline");
        assertTrue(agent.get("/v1/intents/" + id + "/audit").body().contains("\"expired\""));
    }

    @Test
    void editedPolicyTakesEffectAndABrokenEditKeepsTheLastGoodVersion() throws Exception {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "editor"));
        Path blog = gate.policyDir().resolve("blog-publish.yaml");
        Files.writeString(blog, "id: blog-publish\ndestinations: [blog.publish]\nrequire_approval: never\n");
        String status = awaitStatus(agent, "approved");
        assertEquals("approved", status, "the edited policy is in force within 2 s");

        Files.writeString(blog, "id: blog-publish\nrequire_approval: sometimes\n");
        Thread.sleep(1500);
        assertEquals("approved", agent.post("/v1/intents", obj("destination", "blog.publish", "policy", "blog-publish",
                "payload", "p")).text("status"), "an invalid edit is refused; the last good version stays");
    }

    private static String awaitStatus(ApiClient agent, String wanted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2_500;
        String status;
        do {
            Thread.sleep(100);
            status = agent.post("/v1/intents", obj("destination", "blog.publish", "policy", "blog-publish",
                    "payload", "p")).text("status");
        } while (!status.equals(wanted) && System.currentTimeMillis() < deadline);
        return status;
    }

    @Test
    void aPolicyWithAYamlErrorStopsStartupNamingFileAndLine() throws Exception {
        Path dir = Files.createTempDirectory("bad-policies");
        Path dataDir = Files.createTempDirectory("bad-data");
        try {
            Files.writeString(dir.resolve("broken.yaml"), "id: broken\nblock_if_terms: [unclosed\nexpiry_minutes: 5\n");
            Map<String, String> flags = new HashMap<>(Map.of("api.port", "0", "proxy.port", "0",
                    "data_dir", dataDir.toString(), "policy_dir", dir.toString()));
            ConfigException e = assertThrows(ConfigException.class, () -> TollgateServer.start(
                    SettingsLoader.load(flags, Map.of(), TollgateExtension.REPO), Map.of(), m -> {}));
            assertTrue(e.getMessage().contains(dir.resolve("broken.yaml") + ":"), e.getMessage());
            assertTrue(e.problems().get(0).line() > 0, "names the line: " + e.getMessage());
            try (var files = Files.list(dataDir)) {
                assertEquals(0, files.count(), "nothing is created when configuration is refused");
            }
        } finally {
            TollgateExtension.deleteTree(dir);
            TollgateExtension.deleteTree(dataDir);
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirIsRefused() {
        Map<String, String> flags = new HashMap<>(Map.of("api.port", "0", "proxy.port", "0",
                "data_dir", gate.dataDir().toString(), "policy_dir", gate.policyDir().toString()));
        ConfigException e = assertThrows(ConfigException.class, () -> TollgateServer.start(
                SettingsLoader.load(flags, Map.of(), TollgateExtension.REPO), Map.of("TOLLGATE_ADMIN_KEY", gate.adminKey()), m -> {}));
        assertTrue(e.getMessage().contains("another Tollgate process is using this data dir"), e.getMessage());
        assertEquals(200, gate.anonymous().get("/readyz").status(), "the first server is unaffected");
    }

    @Test
    void openRegistrationLetsAnAgentRegisterWithoutTheAdminKey() throws Exception {
        assertEquals(401, gate.anonymous().post("/v1/agents/register", obj("name", "x")).status());
        gate.server().close();
        TollgateExtension open = new TollgateExtension().with("auth.open_registration", "true");
        open.beforeEach(null);
        try {
            ApiClient.Reply r = open.anonymous().post("/v1/agents/register", obj("name", "dev-agent"));
            assertEquals(201, r.status(), r.body());
            assertEquals(403, open.client(r.text("apiKey")).post("/v1/agents/register", obj("name", "y")).status(),
                    "an agent key is not the admin key, even with open registration");
        } finally {
            open.afterEach(null);
        }
    }
}
