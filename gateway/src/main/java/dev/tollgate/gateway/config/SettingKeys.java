package dev.tollgate.gateway.config;

import dev.tollgate.proxy.address.Cidr;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of every setting (SPEC §2's table plus the YAML-only keys), in the order the
 * example file documents them. The YAML reader, the loader and the tests all derive from it,
 * so a key cannot exist in one place and be forgotten in another.
 */
final class SettingKeys {
    private SettingKeys() {}

    static final SettingKey<String> BIND = SettingKey.of("bind", "--bind", "TOLLGATE_BIND",
            ValueTypes.bindAddress(), "127.0.0.1");
    static final SettingKey<Path> DATA_DIR = SettingKey.of("data_dir", "--data-dir", "TOLLGATE_DATA_DIR",
            ValueTypes.path(), Path.of("data"));
    static final SettingKey<Path> POLICY_DIR = SettingKey.of("policy_dir", "--policy-dir", "TOLLGATE_POLICY_DIR",
            ValueTypes.path(), Path.of("config", "policies"));
    static final SettingKey<Path> GATEWAY_CONFIG = SettingKey.of("gateway_config", "--gateway-config",
            "TOLLGATE_GATEWAY_CONFIG", ValueTypes.path(), Path.of("config", "gateway.yaml"));
    static final SettingKey<String> ENVIRONMENT = SettingKey.of("environment", "--environment",
            "TOLLGATE_ENVIRONMENT", ValueTypes.environmentName(), null);

    static final SettingKey<Long> API_PORT = SettingKey.of("api.port", "--port", "TOLLGATE_PORT",
            ValueTypes.port(), 4000L);
    static final SettingKey<Long> API_MAX_BODY_BYTES = SettingKey.yamlOnly("api.max_body_bytes",
            ValueTypes.integer(1, Integer.MAX_VALUE - 8, "a number of bytes 1-2147483639"), 1_048_576L);

    static final SettingKey<Long> PROXY_PORT = SettingKey.of("proxy.port", "--proxy-port", "TOLLGATE_PROXY_PORT",
            ValueTypes.port(), 4001L);
    static final SettingKey<Path> PROXY_DESTINATIONS = SettingKey.of("proxy.destinations", "--destinations",
            "TOLLGATE_DESTINATIONS", ValueTypes.path(), Path.of("config", "destinations.yaml"));
    static final SettingKey<Boolean> PROXY_TLS_INTERCEPT = SettingKey.of("proxy.tls_intercept", "--tls-intercept",
            "GATE_TLS_INTERCEPT", ValueTypes.bool(), true);
    static final SettingKey<Long> PROXY_HOLD_TIMEOUT_MS = SettingKey.of("proxy.hold_timeout_ms", "--hold-timeout-ms",
            "GATE_HOLD_TIMEOUT_MS",
            ValueTypes.integer(1, Integer.MAX_VALUE, "a number of milliseconds 1-2147483647"), 900_000L);
    static final SettingKey<Path> PROXY_UPSTREAM_CA = SettingKey.of("proxy.upstream_ca", "--upstream-ca",
            "TOLLGATE_UPSTREAM_CA", ValueTypes.path(), null);
    static final SettingKey<List<Cidr>> PROXY_ALLOW_PRIVATE = SettingKey.of("proxy.allow_private", "--allow-private",
            "TOLLGATE_ALLOW_PRIVATE", ValueTypes.cidrs(), List.of());
    static final SettingKey<Settings.ProxyAuth> PROXY_AUTH = SettingKey.of("proxy.auth", "--proxy-auth",
            "TOLLGATE_PROXY_AUTH", ValueTypes.choice(Settings.ProxyAuth.class), Settings.ProxyAuth.REQUIRED);
    static final SettingKey<Long> PROXY_RETRY_AFTER_SECONDS = SettingKey.yamlOnly("proxy.retry_after_seconds",
            ValueTypes.integer(1, 86_400, "a number of seconds 1-86400"), 30L);
    static final SettingKey<Settings.PendingMode> PROXY_PENDING = SettingKey.yamlOnly("proxy.pending",
            ValueTypes.choice(Settings.PendingMode.class), Settings.PendingMode.RETRY);
    static final SettingKey<Long> PROXY_MAX_INSPECT_BYTES = SettingKey.yamlOnly("proxy.max_inspect_bytes",
            ValueTypes.integer(1, Integer.MAX_VALUE - 8, "a number of bytes 1-2147483639"), 1_048_576L);
    static final SettingKey<Long> PROXY_UPSTREAM_TIMEOUT_MS = SettingKey.yamlOnly("proxy.upstream_timeout_ms",
            ValueTypes.integer(1, Integer.MAX_VALUE, "a number of milliseconds 1-2147483647"), 60_000L);
    static final SettingKey<List<String>> PROXY_TLS_PASSTHROUGH = SettingKey.yamlOnly("proxy.tls_passthrough",
            ValueTypes.hostPatterns(), List.of());
    static final SettingKey<Map<String, InetAddress>> PROXY_HOSTS = SettingKey.yamlOnly("proxy.hosts",
            new HostMapValueType(), Map.of());

    static final SettingKey<Boolean> AUTH_OPEN_REGISTRATION = SettingKey.of("auth.open_registration",
            "--open-registration", "TOLLGATE_OPEN_REGISTRATION", ValueTypes.bool(), false);
    /** Default null: computed from the final data dir ({@code sqlite:<data-dir>/tollgate.db}). */
    static final SettingKey<StoreUrl> STORE_URL = SettingKey.of("store.url", "--store", "TOLLGATE_STORE",
            ValueTypes.store(), null);
    static final SettingKey<Boolean> METRICS_REQUIRE_AUTH = SettingKey.yamlOnly("metrics.require_auth",
            ValueTypes.bool(), false);
    static final SettingKey<Boolean> WEBHOOKS_SEND_SECRET_HEADER = SettingKey.yamlOnly("webhooks.send_secret_header",
            ValueTypes.bool(), true);
    static final SettingKey<Settings.KeyAlgorithm> CA_KEY_ALGORITHM = SettingKey.yamlOnly("ca.key_algorithm",
            ValueTypes.choice(Settings.KeyAlgorithm.class), Settings.KeyAlgorithm.EC);
    static final SettingKey<Settings.LogLevel> LOG_LEVEL = SettingKey.yamlOnly("log.level",
            ValueTypes.choice(Settings.LogLevel.class), Settings.LogLevel.INFO);

    static final List<SettingKey<?>> ALL = List.of(
            BIND, DATA_DIR, POLICY_DIR, GATEWAY_CONFIG, ENVIRONMENT,
            API_PORT, API_MAX_BODY_BYTES,
            PROXY_PORT, PROXY_DESTINATIONS, PROXY_TLS_INTERCEPT, PROXY_HOLD_TIMEOUT_MS, PROXY_UPSTREAM_CA,
            PROXY_ALLOW_PRIVATE, PROXY_AUTH, PROXY_RETRY_AFTER_SECONDS, PROXY_PENDING, PROXY_MAX_INSPECT_BYTES,
            PROXY_UPSTREAM_TIMEOUT_MS, PROXY_TLS_PASSTHROUGH, PROXY_HOSTS,
            AUTH_OPEN_REGISTRATION, STORE_URL, METRICS_REQUIRE_AUTH, WEBHOOKS_SEND_SECRET_HEADER,
            CA_KEY_ALGORITHM, LOG_LEVEL);
}
