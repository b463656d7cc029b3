package dev.tollgate.gateway.config;

import dev.tollgate.proxy.address.Cidr;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of a Tollgate process, validated and with paths made absolute. Built by
 * {@link SettingsLoader}; immutable, so it can be handed to every component at start.
 *
 * @param configFile    the settings file that was read, if any
 * @param bind          address both listeners bind to: an IP literal or {@code localhost}
 * @param dataDir       holds the store, CA, audit and admin keys
 * @param policyDir     one policy per YAML file
 * @param gatewayConfig the task channel's configuration file (SPEC §7.1)
 * @param environment   policy environment overlay applied when an intent names none
 * @param store         where state lives; default {@code sqlite:<dataDir>/tollgate.db}
 */
public record Settings(
        Optional<Path> configFile,
        String bind,
        Path dataDir,
        Path policyDir,
        Path gatewayConfig,
        Optional<String> environment,
        Api api,
        Proxy proxy,
        Auth auth,
        StoreUrl store,
        Metrics metrics,
        Webhooks webhooks,
        Ca ca,
        Log log) {

    public Settings {
        Objects.requireNonNull(configFile);
        Objects.requireNonNull(bind);
        Objects.requireNonNull(dataDir);
        Objects.requireNonNull(policyDir);
        Objects.requireNonNull(gatewayConfig);
        Objects.requireNonNull(environment);
        Objects.requireNonNull(api);
        Objects.requireNonNull(proxy);
        Objects.requireNonNull(auth);
        Objects.requireNonNull(store);
        Objects.requireNonNull(metrics);
        Objects.requireNonNull(webhooks);
        Objects.requireNonNull(ca);
        Objects.requireNonNull(log);
    }

    /** {@code <data-dir>/admin.key}: read when TOLLGATE_ADMIN_KEY is unset, generated at first start. */
    public Path adminKeyFile() { return dataDir.resolve("admin.key"); }

    /** {@code <data-dir>/audit.key}: the HMAC key of the audit chain. */
    public Path auditKeyFile() { return dataDir.resolve("audit.key"); }

    /** {@code <data-dir>/ca}: {@code tollgate-ca.crt} and {@code tollgate-ca.key}. */
    public Path caDir() { return dataDir.resolve("ca"); }

    /**
     * @param port         0 picks a free port (tests)
     * @param maxBodyBytes larger request bodies get 413
     */
    public record Api(int port, long maxBodyBytes) {}

    /**
     * @param destinations      the destination rules file (SPEC §5.2)
     * @param tlsIntercept      terminate TLS inside CONNECT tunnels (else the CONNECT is the intent)
     * @param holdTimeoutMs     how long a held request waits for a decision before 504
     * @param upstreamCa        extra CA certificates (PEM) trusted for upstreams, besides the JDK's
     * @param allowPrivate      private ranges upstreams and webhooks may nevertheless reach
     * @param retryAfterSeconds {@code Retry-After} of a 202 pending answer
     * @param pending           what a pending request gets unless its rule or request says otherwise
     * @param maxInspectBytes   request bodies buffered for policy inspection up to this size
     * @param upstreamTimeoutMs wait for upstream response headers
     * @param tlsPassthrough    host patterns tunnelled without interception (lower case)
     * @param hosts             host name (lower case) → fixed address, instead of DNS
     */
    public record Proxy(
            int port,
            Path destinations,
            boolean tlsIntercept,
            long holdTimeoutMs,
            Optional<Path> upstreamCa,
            List<Cidr> allowPrivate,
            ProxyAuth auth,
            int retryAfterSeconds,
            PendingMode pending,
            long maxInspectBytes,
            long upstreamTimeoutMs,
            List<String> tlsPassthrough,
            Map<String, InetAddress> hosts) {
        public Proxy {
            Objects.requireNonNull(destinations);
            Objects.requireNonNull(upstreamCa);
            Objects.requireNonNull(auth);
            Objects.requireNonNull(pending);
            allowPrivate = List.copyOf(allowPrivate);
            tlsPassthrough = List.copyOf(tlsPassthrough);
            hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        }
    }

    /** @param openRegistration agents may register without the admin key (local development) */
    public record Auth(boolean openRegistration) {}

    /** @param requireAuth {@code GET /metrics} needs a reviewer or admin key */
    public record Metrics(boolean requireAuth) {}

    /** @param sendSecretHeader send {@code X-Gate-Secret} with deliveries, as Zehrava Gate does */
    public record Webhooks(boolean sendSecretHeader) {}

    /** @param keyAlgorithm key type of a newly created CA (existing CA files are kept as they are) */
    public record Ca(KeyAlgorithm keyAlgorithm) {}

    public record Log(LogLevel level) {}

    /** {@code proxy.auth}: whether a proxied request must carry agent credentials. */
    public enum ProxyAuth { REQUIRED, OPTIONAL }

    /** {@code proxy.pending}: answer 202 and let the client retry, or hold the connection. */
    public enum PendingMode { RETRY, HOLD }

    /** {@code ca.key_algorithm}: ECDSA P-256 or RSA-3072. */
    public enum KeyAlgorithm { EC, RSA }

    public enum LogLevel { ERROR, WARN, INFO, DEBUG, TRACE }
}
