package dev.tollgate.gateway.server;

import dev.tollgate.ca.CertificateAuthority;
import dev.tollgate.ca.LeafCache;
import dev.tollgate.ca.LeafMinter;
import dev.tollgate.engine.auth.Authenticator;
import dev.tollgate.engine.intent.IntentService;
import dev.tollgate.engine.intent.ProxyIntents;
import dev.tollgate.engine.policy.PolicyRegistry;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.metrics.GatewayMetrics;
import dev.tollgate.proxy.address.AddressPolicy;
import dev.tollgate.proxy.address.HostLookup;
import dev.tollgate.proxy.destination.DestinationsRegistry;
import dev.tollgate.proxy.destination.Match;
import dev.tollgate.proxy.destination.Pending;
import dev.tollgate.proxy.destination.RequestTarget;
import dev.tollgate.proxy.hold.HeldRegistry;
import dev.tollgate.proxy.route.DestinationMapper;
import dev.tollgate.proxy.route.PendingMode;
import dev.tollgate.proxy.server.ProxyConfig;
import dev.tollgate.proxy.server.ProxyServer;
import dev.tollgate.proxy.tls.UpstreamTrust;
import io.netty.handler.ssl.SslContext;
import dev.tollgate.proxy.tls.ServerTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** Builds the proxy listener from settings and the engine's parts (SPEC §5, §6). */
final class ProxyWiring {
    static final int MAX_LEAF_HOSTS = 10_000;

    private ProxyWiring() {}

    /** Configuration, loaded with the policies so that a bad destinations file refuses startup early. */
    static DestinationsRegistry loadDestinations(Settings s, PolicyRegistry policies) {
        return DestinationsRegistry.load(s.proxy().destinations(), id -> policies.find(id).isPresent());
    }

    /** Adapts the destination rules to the proxy's mapper: a snapshot lookup, no I/O on the event loop. */
    static DestinationMapper mapper(DestinationsRegistry registry) {
        return (method, scheme, host, port, path) -> {
            Match m = registry.current().match(new RequestTarget(method, scheme, host, port,
                    "CONNECT".equals(method) ? null : path));
            PendingMode pending = m.pending() == null ? null : m.pending() == Pending.HOLD ? PendingMode.HOLD : PendingMode.RETRY;
            return new DestinationMapper.Mapping(m.destination(), m.policy(), m.recordCountPointer(), pending);
        };
    }

    static LeafCache<SslContext> leafContexts(CertificateAuthority ca) {
        return new LeafCache<>(new LeafMinter(ca, Clock.systemUTC()), leaf -> {
            try {
                return ServerTls.forLeaf(leaf.key(), leaf.chain());
            } catch (SSLException e) {
                throw new IllegalStateException("cannot build a TLS context for " + leaf.host(), e);
            }
        }, MAX_LEAF_HOSTS, Duration.ofDays(1), Clock.systemUTC());
    }

    static ProxyConfig config(Settings s) {
        Settings.Proxy p = s.proxy();
        return ProxyConfig.defaults().withBind(s.bind(), p.port()).withTls(p.tlsIntercept(), p.tlsPassthrough())
                .withPending(p.pending() == Settings.PendingMode.HOLD ? PendingMode.HOLD : PendingMode.RETRY,
                        Duration.ofMillis(p.holdTimeoutMs()), p.retryAfterSeconds())
                .withAuth(p.auth() == Settings.ProxyAuth.REQUIRED ? ProxyConfig.AuthMode.REQUIRED : ProxyConfig.AuthMode.OPTIONAL)
                .withBodyLimits(p.maxInspectBytes(), Math.max(p.maxInspectBytes(), 16 * ProxyConfig.MIB))
                .withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(p.upstreamTimeoutMs()), Duration.ofSeconds(60));
    }

    /** {@code proxy.hosts} pins names to addresses without DNS; pinned addresses pass the same checks. */
    static HostLookup hostLookup(Settings s) {
        Map<String, List<InetAddress>> pins = new LinkedHashMap<>();
        s.proxy().hosts().forEach((name, addr) -> pins.put(name, List.of(addr)));
        return pins.isEmpty() ? HostLookup.system() : HostLookup.pinned(pins, HostLookup.system());
    }

    static ProxyServer start(Settings s, IntentService intents, Authenticator authenticator, PolicyRegistry policies,
                             DestinationsRegistry destinations, LeafCache<SslContext> leaves, HeldRegistry held,
                             GatewayMetrics metrics, Set<InetSocketAddress> ownListeners) throws IOException {
        SslContext upstreamTls;
        try {
            upstreamTls = UpstreamTrust.clientContext(s.proxy().upstreamCa());
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(new ConfigProblem(s.proxy().upstreamCa().map(Path::toString).orElse("proxy.upstream_ca"),
                    0, "proxy.upstream_ca", "cannot use the upstream CA file: " + e.getMessage()));
        }
        ProxyServer proxy = ProxyServer.builder().config(config(s)).intents(intents).proxyIntents(new ProxyIntents(intents))
                .authenticator(authenticator).policies(policies).destinations(mapper(destinations))
                .mitm(leaves::get).addressPolicy(new AddressPolicy(s.proxy().allowPrivate(), ownListeners))
                .hostLookup(hostLookup(s)).upstreamTls(upstreamTls)
                .held(held).metrics(metrics.proxyMetrics()).build();
        try {
            return proxy.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the proxy listener", e);
        }
    }
}
