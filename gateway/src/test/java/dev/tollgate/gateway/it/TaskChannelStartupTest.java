package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.auth.KeyKind;
import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.config.SettingsLoader;
import dev.tollgate.gateway.server.TollgateServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gateway.yaml is configuration: checked before the data dir is touched, refused with file:line: key. */
class TaskChannelStartupTest {
    @TempDir Path tmp;

    private Settings settings(Path cwd, String gatewayConfig) {
        Map<String, String> f = new HashMap<>();
        f.put("api.port", "0");
        f.put("proxy.port", "0");
        f.put("data_dir", tmp.resolve("data").toString());
        f.put("policy_dir", TollgateExtension.REPO.resolve("config/policies").toString());
        f.put("proxy.destinations", TollgateExtension.REPO.resolve("config/destinations.yaml").toString());
        if (gatewayConfig != null) f.put("gateway_config", gatewayConfig);
        return SettingsLoader.load(f, Map.of(), cwd);
    }

    private List<String> refusal(Settings s) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TollgateServer.start(s, Map.of("TOLLGATE_ADMIN_KEY", KeyKind.ADMIN.generate()), m -> {}).close());
        assertFalse(Files.exists(tmp.resolve("data")), "nothing created before the configuration is accepted");
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test void aBadGatewayFileRefusesStartupNamingFileLineAndKey() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("gateway.yaml"), """
                hosted_gateway:
                  local_access:
                    enabled: true
                    allowed_roots: [/definitely/not/here]
                    blocked_comands: [sudo]
                  shell:
                    command_timeout_seconds: -1
                """);
        List<String> problems = refusal(settings(tmp, yaml.toString()));
        String all = String.join("\n", problems);
        assertTrue(all.contains(yaml + ":4: hosted_gateway.local_access.allowed_roots[0]"), all);
        assertTrue(all.contains("does not exist"), all);
        assertTrue(all.contains(yaml + ":5: hosted_gateway.local_access.blocked_comands"), all);
        assertTrue(all.contains(yaml + ":7: hosted_gateway.shell.command_timeout_seconds"), all);
    }

    @Test void aMissingFileTheOperatorNamedRefusesStartup() {
        Path missing = tmp.resolve("nope/gateway.yaml");
        String all = String.join("\n", refusal(settings(tmp, missing.toString())));
        assertTrue(all.contains(missing.toString()), all);
        assertTrue(all.contains("not found"), all);
    }

    @Test void noFileAtTheDefaultLocationMeansLocalAccessIsOff() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("empty-cwd"));
        Settings s = settings(cwd, null);
        assertEquals(cwd.resolve("config/gateway.yaml"), s.gatewayConfig());
        String adminKey = KeyKind.ADMIN.generate();
        try (TollgateServer server = TollgateServer.start(s, Map.of("TOLLGATE_ADMIN_KEY", adminKey), m -> {})) {
            ApiClient admin = new ApiClient(() -> "http://127.0.0.1:" + server.apiPort(), adminKey);
            ApiClient agent = new ApiClient(() -> "http://127.0.0.1:" + server.apiPort(),
                    admin.post("/v1/agents/register", obj("name", "bot")).text("apiKey"));
            String task = TaskChannelApiTest.task(agent, "u1");
            ApiClient.Reply r = agent.post("/v1/tasks/" + task + "/steps", obj("op", "shell", "command", "ls"));
            assertEquals(200, r.status(), r.body());
            assertEquals("blocked", r.text("status"));
            assertEquals("local_access_disabled", r.text("reason_code"));
            ApiClient.Reply f = agent.post("/v1/tasks/" + task + "/steps", obj("op", "read_file_chunk", "path", "/etc/passwd"));
            assertEquals("local_access_disabled", f.text("reason_code"), f.body());
        }
    }
}
