package dev.tollgate.proxy.server;

import dev.tollgate.engine.auth.Authenticator;
import dev.tollgate.engine.intent.IntentService;
import dev.tollgate.engine.intent.ProxyIntents;
import dev.tollgate.engine.policy.PolicyLookup;
import dev.tollgate.proxy.address.AddressPolicy;
import dev.tollgate.proxy.address.AddressResolver;
import dev.tollgate.proxy.address.HostLookup;
import dev.tollgate.proxy.decision.DecisionResponder;
import dev.tollgate.proxy.decision.ProposalFactory;
import dev.tollgate.proxy.decision.StreamPermit;
import dev.tollgate.proxy.exchange.ExchangeObserver;
import dev.tollgate.proxy.hold.HeldRegistry;
import dev.tollgate.proxy.inbound.BodyLimits;
import dev.tollgate.proxy.log.AccessLog;
import dev.tollgate.proxy.log.ProxyMetrics;
import dev.tollgate.proxy.route.DestinationMapper;
import dev.tollgate.proxy.route.HostPatterns;
import dev.tollgate.proxy.tls.MitmContexts;
import dev.tollgate.proxy.tls.UpstreamTrust;
import dev.tollgate.proxy.upstream.Outcomes;
import dev.tollgate.proxy.upstream.UpstreamConnector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tollgate's forward proxy (SPEC §5): every request an agent sends through it becomes an intent, and
 * nothing reaches the destination before that intent is approved. Build with {@link #builder()},
 * then {@link #start()}; {@link #close()} stops listening and closes every connection.
 */
public final class ProxyServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProxyServer.class.getName());

    /** Everything the pipeline stages share; built once per server. */
    record Parts(ProxyConfig config, ProxyIntents proxyIntents, IntentService intents, Authenticator authenticator,
                 DestinationMapper mapper, MitmContexts mitm, HeldRegistry held, ProxyMetrics metrics,
                 ExchangeObserver observer, BodyLimits bodyLimits, ProposalFactory proposals, StreamPermit permit,
                 DecisionResponder responder,
                 HostPatterns passthrough, UpstreamConnector connector, Outcomes outcomes, ExecutorService blocking) {}

    private final Parts parts;
    private final Transport transport;
    private final AddressPolicy basePolicy;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel listener;

    private ProxyServer(Builder b) {
        ProxyConfig c = b.config;
        transport = Transport.best();
        basePolicy = b.addressPolicy;
        ExecutorService blocking = Executors.newFixedThreadPool(b.blockingThreads, daemon("tollgate-proxy-blocking"));
        UpstreamConnector connector = new UpstreamConnector(new AddressResolver(b.hostLookup), b.addressPolicy, blocking,
                b.upstreamTls, transport.socketChannel(), c.upstreamConnectTimeout(), c.idleTimeout(), 32,
                c.resolutionCacheMillis(), b.metrics);
        b.held.metrics(b.metrics);
        parts = new Parts(c, b.proxyIntents, b.intents, b.authenticator, b.mapper, b.mitm, b.held, b.metrics,
                new ExchangeLogger(new AccessLog(), b.metrics), new BodyLimits(b.policies, c.maxInspectBytes(), c.maxBufferedBytes()),
                new ProposalFactory(c.maxInspectBytes()), new StreamPermit(b.policies),
                new DecisionResponder(b.proxyIntents, c.retryAfterSeconds(), c.defaultPending(), c.dashboardUrl()),
                new HostPatterns(c.tlsPassthrough()), connector, new Outcomes(b.proxyIntents, b.metrics), blocking);
    }

    public static Builder builder() { return new Builder(); }

    /** Binds the listener; from then on its own address is refused as an upstream (no loops). */
    public synchronized ProxyServer start() throws InterruptedException {
        if (listener != null) throw new IllegalStateException("already started");
        ProxyConfig c = parts.config();
        boss = transport.group(1, daemon("tollgate-proxy-accept"));
        workers = transport.group(c.ioThreads(), new DefaultThreadFactory("tollgate-proxy", true));
        try {
            listener = new ServerBootstrap().group(boss, workers).channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024).childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.AUTO_READ, false).childHandler(new ProxyInitializer(parts))
                    .bind(c.bindHost(), c.port()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        Set<InetSocketAddress> own = new HashSet<>(basePolicy.ownListeners());
        own.add((InetSocketAddress) listener.localAddress());
        parts.connector().addressPolicy(new AddressPolicy(basePolicy.allowPrivate(), own));
        LOG.log(System.Logger.Level.INFO, () -> "proxy listening on " + listener.localAddress() + " (tls_intercept="
                + c.tlsIntercept() + ", auth=" + c.auth().name().toLowerCase(java.util.Locale.ROOT) + ")");
        return this;
    }

    /** The bound port (the actual one when configured as 0). */
    public int port() { return ((InetSocketAddress) listener.localAddress()).getPort(); }

    public InetSocketAddress address() { return (InetSocketAddress) listener.localAddress(); }

    public HeldRegistry held() { return parts.held(); }

    @Override public synchronized void close() {
        if (listener != null) listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (boss != null) boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (workers != null) workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        parts.blocking().shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Collaborators and settings; all required except those with a stated default. */
    public static final class Builder {
        private ProxyConfig config = ProxyConfig.defaults();
        private IntentService intents;
        private ProxyIntents proxyIntents;
        private Authenticator authenticator;
        private PolicyLookup policies;
        private DestinationMapper mapper;
        private MitmContexts mitm;
        private AddressPolicy addressPolicy = AddressPolicy.publicOnly();
        private HostLookup hostLookup = HostLookup.system();
        private io.netty.handler.ssl.SslContext upstreamTls;
        private HeldRegistry held;
        private ProxyMetrics metrics = ProxyMetrics.NONE;
        private int blockingThreads = 8;

        private Builder() {}

        public Builder config(ProxyConfig c) { config = Objects.requireNonNull(c); return this; }
        /** The intent service; {@link ProxyIntents} is built on it unless given. */
        public Builder intents(IntentService s) { intents = s; return this; }
        public Builder proxyIntents(ProxyIntents p) { proxyIntents = p; return this; }
        public Builder authenticator(Authenticator a) { authenticator = a; return this; }
        public Builder policies(PolicyLookup p) { policies = p; return this; }
        public Builder destinations(DestinationMapper m) { mapper = m; return this; }
        /** Leaf contexts for TLS interception; required when {@code tlsIntercept} is on. */
        public Builder mitm(MitmContexts m) { mitm = m; return this; }
        /** Which resolved addresses may be reached (default: public only); the proxy's own listener is added at start. */
        public Builder addressPolicy(AddressPolicy p) { addressPolicy = Objects.requireNonNull(p); return this; }
        /** Name resolution (default: the system resolver); {@code HostLookup.pinned} for {@code proxy.hosts}. */
        public Builder hostLookup(HostLookup l) { hostLookup = Objects.requireNonNull(l); return this; }
        /** Client TLS for upstreams (default: the JDK's trust only); see {@link UpstreamTrust}. */
        public Builder upstreamTls(io.netty.handler.ssl.SslContext c) { upstreamTls = c; return this; }
        /** The registry of held requests; it must also be an {@code IntentListener} of the intent service. */
        public Builder held(HeldRegistry h) { held = h; return this; }
        public Builder metrics(ProxyMetrics m) { metrics = m == null ? ProxyMetrics.NONE : m; return this; }
        /** Threads for DNS and certificate minting (never on event loops); default 8. */
        public Builder blockingThreads(int n) { blockingThreads = n; return this; }

        public ProxyServer build() {
            Objects.requireNonNull(intents, "intents");
            if (proxyIntents == null) proxyIntents = new ProxyIntents(intents);
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(policies, "policies");
            Objects.requireNonNull(mapper, "destinations");
            Objects.requireNonNull(held, "held (and register it as an IntentListener of the intent service)");
            if (config.tlsIntercept()) Objects.requireNonNull(mitm, "mitm (tls interception is on)");
            if (upstreamTls == null) {
                try {
                    upstreamTls = UpstreamTrust.clientContext(Optional.empty());
                } catch (Exception e) {
                    throw new IllegalStateException("cannot build the upstream TLS context", e);
                }
            }
            return new ProxyServer(this);
        }
    }

}
