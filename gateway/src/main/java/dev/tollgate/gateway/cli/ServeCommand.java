package dev.tollgate.gateway.cli;

import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.config.SettingsLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tollgate serve}. Values are taken as text and validated by {@link SettingsLoader}, not by
 * picocli, so that a bad flag is reported in the same words and in the same list as every other
 * settings problem.
 */
@Command(name = "serve", description = {
        "Start the API (default 127.0.0.1:4000) and the proxy (default 127.0.0.1:4001).",
        "Settings, highest first: flags, environment variables, the settings file "
                + "(--config, default config/tollgate.yaml if it exists), defaults."})
final class ServeCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--port", paramLabel = "PORT", description = "API port; 0 = any free port (TOLLGATE_PORT, api.port; default 4000)")
    String port;
    @Option(names = "--proxy-port", paramLabel = "PORT", description = "Proxy port (TOLLGATE_PROXY_PORT, proxy.port; default 4001)")
    String proxyPort;
    @Option(names = "--bind", paramLabel = "ADDRESS", description = "IP address or localhost (TOLLGATE_BIND, bind; default 127.0.0.1)")
    String bind;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Store, CA and keys (TOLLGATE_DATA_DIR, data_dir; default ./data)")
    String dataDir;
    @Option(names = "--policy-dir", paramLabel = "DIR", description = "Policies (TOLLGATE_POLICY_DIR, policy_dir; default ./config/policies)")
    String policyDir;
    @Option(names = "--destinations", paramLabel = "FILE", description = "Destination rules (TOLLGATE_DESTINATIONS, proxy.destinations; default ./config/destinations.yaml)")
    String destinations;
    @Option(names = "--gateway-config", paramLabel = "FILE", description = "Task channel configuration (TOLLGATE_GATEWAY_CONFIG, gateway_config; default ./config/gateway.yaml)")
    String gatewayConfig;
    @Option(names = "--tls-intercept", negatable = true, description = "Intercept TLS inside CONNECT (GATE_TLS_INTERCEPT, proxy.tls_intercept; default on)")
    Boolean tlsIntercept;
    @Option(names = "--hold-timeout-ms", paramLabel = "MS", description = "Held request timeout (GATE_HOLD_TIMEOUT_MS, proxy.hold_timeout_ms; default 900000)")
    String holdTimeoutMs;
    @Option(names = "--upstream-ca", paramLabel = "FILE", description = "Extra PEM CAs trusted for upstreams (TOLLGATE_UPSTREAM_CA, proxy.upstream_ca)")
    String upstreamCa;
    @Option(names = "--allow-private", paramLabel = "CIDR[,CIDR...]", description = "Private ranges upstreams may reach (TOLLGATE_ALLOW_PRIVATE, proxy.allow_private)")
    String allowPrivate;
    @Option(names = "--proxy-auth", paramLabel = "required|optional", description = "Proxy credentials (TOLLGATE_PROXY_AUTH, proxy.auth; default required)")
    String proxyAuth;
    @Option(names = "--open-registration", negatable = true, description = "Agents may register without the admin key (TOLLGATE_OPEN_REGISTRATION, auth.open_registration; default off)")
    Boolean openRegistration;
    @Option(names = "--environment", paramLabel = "NAME", description = "Policy environment overlay (TOLLGATE_ENVIRONMENT, environment)")
    String environment;
    @Option(names = "--store", paramLabel = "URL", description = "sqlite:PATH or postgresql://HOST:PORT/DB (TOLLGATE_STORE, store.url; default sqlite:<data-dir>/tollgate.db)")
    String store;
    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (TOLLGATE_CONFIG; default config/tollgate.yaml if it exists)")
    String config;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() throws Exception {
        // Throws ConfigException on any problem: printed one per line, exit 2, before anything else.
        Settings settings = SettingsLoader.load(flags(), context.env(), context.cwd());
        ServerLauncher launcher = context.plugins().find(ServerLauncher.class)
                .orElseThrow(() -> new CommandFailure(1, "serve: server not available in this build"));
        return launcher.run(settings);
    }

    /** The flags given, keyed as {@link SettingsLoader#load} expects (by YAML key). */
    Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "api.port", port);
        put(f, "proxy.port", proxyPort);
        put(f, "bind", bind);
        put(f, "data_dir", dataDir);
        put(f, "policy_dir", policyDir);
        put(f, "proxy.destinations", destinations);
        put(f, "gateway_config", gatewayConfig);
        put(f, "proxy.tls_intercept", tlsIntercept);
        put(f, "proxy.hold_timeout_ms", holdTimeoutMs);
        put(f, "proxy.upstream_ca", upstreamCa);
        put(f, "proxy.allow_private", allowPrivate);
        put(f, "proxy.auth", proxyAuth);
        put(f, "auth.open_registration", openRegistration);
        put(f, "environment", environment);
        put(f, "store.url", store);
        put(f, SettingsLoader.CONFIG_KEY, config);
        return f;
    }

    private static void put(Map<String, String> flags, String key, Object value) {
        if (value != null) flags.put(key, value.toString());
    }
}
