package dev.tollgate.gateway.it;

import dev.tollgate.engine.auth.KeyKind;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.config.SettingsLoader;
import dev.tollgate.gateway.server.TollgateServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Tollgate per test: ephemeral API port, a throw-away data dir, the repository's example
 * policies, a known admin key. Register with {@code @RegisterExtension}; extra settings (keyed as
 * in tollgate.yaml) via {@link #with}.
 */
public final class TollgateExtension implements BeforeEachCallback, AfterEachCallback {
    public static final Path REPO = findRepo();

    private final Map<String, String> flags = new HashMap<>();
    private Path dataDir;
    private Path policyDir;
    private TollgateServer server;
    private String adminKey;
    private ApiClient admin;

    public TollgateExtension with(String yamlKey, String value) {
        flags.put(yamlKey, value);
        return this;
    }

    @Override public void beforeEach(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("tollgate-it");
        policyDir = Files.createTempDirectory("tollgate-policies");
        try (Stream<Path> files = Files.list(REPO.resolve("config/policies"))) {
            for (Path p : files.toList()) Files.copy(p, policyDir.resolve(p.getFileName()));
        }
        adminKey = KeyKind.ADMIN.generate();
        start();
    }

    private void start() throws IOException {
        Map<String, String> f = new HashMap<>(flags);
        f.putIfAbsent("api.port", "0");
        f.putIfAbsent("proxy.port", "0");
        f.put("data_dir", dataDir.toString());
        f.put("policy_dir", policyDir.toString());
        Settings s = SettingsLoader.load(f, Map.of(), REPO);
        server = TollgateServer.start(s, Map.of("TOLLGATE_ADMIN_KEY", adminKey), msg -> {});
        admin = client(adminKey);
    }

    /** Stops and starts again on the same data dir (a clean restart). */
    public void restart() throws IOException {
        server.close();
        start();
    }

    @Override public void afterEach(ExtensionContext context) throws IOException {
        if (server != null) server.close();
        deleteTree(dataDir);
        deleteTree(policyDir);
    }

    static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    public TollgateServer server() { return server; }
    public Path dataDir() { return dataDir; }
    public Path policyDir() { return policyDir; }
    public String adminKey() { return adminKey; }
    public ApiClient admin() { return admin; }
    public String base() { return "http://127.0.0.1:" + server.apiPort(); }
    public ApiClient client(String key) { return new ApiClient(this::base, key); }
    public ApiClient anonymous() { return new ApiClient(this::base, null); }

    private static Path findRepo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("config/policies"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the repository root (config/policies)");
        return p;
    }
}
