package dev.tollgate.gateway.server;

import dev.tollgate.engine.agent.AgentService;
import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.auth.Authenticator;
import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.engine.execution.ExecutionService;
import dev.tollgate.engine.intent.IntentService;
import dev.tollgate.engine.policy.PolicyEvaluator;
import dev.tollgate.engine.policy.PolicyRegistry;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.store.sqlite.SqliteStore;
import dev.tollgate.engine.util.PrivateFiles;
import dev.tollgate.engine.webhook.WebhookService;
import dev.tollgate.gateway.api.AgentRoutes;
import dev.tollgate.gateway.api.AuthFilter;
import dev.tollgate.gateway.api.CaRoutes;
import dev.tollgate.gateway.api.DashboardRoutes;
import dev.tollgate.gateway.api.HeldRoutes;
import dev.tollgate.ca.LeafCache;
import dev.tollgate.proxy.destination.DestinationsRegistry;
import dev.tollgate.proxy.hold.HeldRegistry;
import dev.tollgate.proxy.server.ProxyServer;
import io.netty.handler.ssl.SslContext;
import dev.tollgate.ca.CertificateAuthority;
import dev.tollgate.ca.KeyAlgorithm;
import dev.tollgate.gateway.api.ExecutionRoutes;
import dev.tollgate.gateway.api.IntentRoutes;
import dev.tollgate.gateway.api.OpsRoutes;
import dev.tollgate.gateway.api.WebhookRoutes;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.events.EventBus;
import dev.tollgate.gateway.events.EventRoutes;
import dev.tollgate.gateway.events.EventSources;
import dev.tollgate.gateway.config.StoreUrl;
import dev.tollgate.gateway.http.ApiServer;
import dev.tollgate.gateway.http.Router;
import dev.tollgate.gateway.metrics.GatewayMetrics;
import dev.tollgate.tasks.config.HostedGatewayConfig;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Wires one Tollgate process: validates configuration before touching any data, opens the store,
 * builds the services, starts the API listener and the background work (policy reload, expiry
 * sweep, webhook delivery). {@link #close()} stops them in reverse order.
 */
public final class TollgateServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TollgateServer.class.getName());
    /** The sweep runs every second, so a pending intent is expired within 5 s of its deadline. */
    private static final long SWEEP_MS = 1000;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Store store;
    private final ApiServer api;
    private final IntentService intents;
    private final ProxyServer proxy;

    private TollgateServer(Settings s, Map<String, String> env, Consumer<String> announce) throws IOException {
        try {
            // Configuration first: a bad policy must stop startup before any file is created.
            PolicyRegistry policies = PolicyRegistry.load(s.policyDir());
            DestinationsRegistry destinations = ProxyWiring.loadDestinations(s, policies);
            HostedGatewayConfig gatewayConfig = TaskWiring.loadConfig(s);
            if (!(s.store() instanceof StoreUrl.Sqlite sqlite)) {
                throw new ConfigException(new ConfigProblem("store.url", 0, "",
                        "only sqlite: stores are supported by this version, not " + s.store().redacted()));
            }
            PrivateFiles.createPrivateDirectories(s.dataDir());
            resources.add(DataDirLock.acquire(s.dataDir()));
            String adminHash = AdminKey.resolveHash(env.get(AdminKey.ENV), s.adminKeyFile(), announce);
            AuditChain chain = new AuditChain(AuditKey.loadOrCreate(s.dataDir()));
            CertificateAuthority ca = CertificateAuthority.loadOrCreate(s.caDir(),
                    s.ca().keyAlgorithm() == Settings.KeyAlgorithm.RSA ? KeyAlgorithm.RSA : KeyAlgorithm.EC, Clock.systemUTC());
            if (ca.created()) {
                announce.accept("Created Tollgate's CA in " + ca.certificateFile() + " (SHA-256 " + ca.fingerprintSha256()
                        + "); agents must trust it: tollgate env, or scripts/trust-ca.sh");
            }
            SqliteStore sqliteStore = SqliteStore.open(sqlite.file(), chain);
            store = sqliteStore;
            resources.add(store);

            // Milliseconds: the store keeps times in ms, so what a response shows equals what a later read shows.
            Clock clock = Clock.tickMillis(java.time.ZoneOffset.UTC);
            GatewayMetrics metrics = new GatewayMetrics();
            sqliteStore.commitListener(metrics::storeCommit);
            Listeners listeners = new Listeners();
            listeners.add(metrics);
            EventBus events = new EventBus(); // the dashboard's live events (GET /v1/events)
            EventSources eventSources = new EventSources(events);
            listeners.add(eventSources); // before the holds: intent.decided goes out before its held.released
            HeldRegistry held = new HeldRegistry();
            held.listener(eventSources);
            listeners.add(held);
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("tollgate-scheduler"));
            resources.add(() -> {
                scheduler.shutdownNow();
                scheduler.awaitTermination(2, TimeUnit.SECONDS);
            });
            intents = new IntentService(store, new PolicyEvaluator(policies), clock, s.environment().orElse(null),
                    scheduler, listeners);
            Authenticator authenticator = new Authenticator(store, adminHash);
            AgentService agents = new AgentService(store, clock, authenticator);
            ExecutionService executions = new ExecutionService(store, clock, listeners);
            WebhookService webhooks = new WebhookService(store, clock);
            TaskWiring tasks = TaskWiring.start(gatewayConfig, store, clock, scheduler, eventSources);
            resources.add(tasks);
            // The webhook address policy must know our own listeners, which exist only once bound.
            AtomicReference<WebhookWiring> webhookWiring = new AtomicReference<>();

            Router router = new Router();
            new IntentRoutes(intents, metrics).register(router);
            new AgentRoutes(agents, s.auth().openRegistration()).register(router);
            new ExecutionRoutes(executions).register(router);
            new WebhookRoutes(webhooks, url -> {
                WebhookWiring w = webhookWiring.get();
                return w != null ? w.checkUrl(url)
                        : CompletableFuture.failedFuture(new IllegalStateException("webhooks are not ready yet; retry"));
            }, () -> {
                WebhookWiring w = webhookWiring.get();
                if (w != null) w.nudge();
            }).register(router);
            new CaRoutes(ca).register(router);
            new HeldRoutes(held::snapshot).register(router);
            new DashboardRoutes().register(router);
            new EventRoutes(events).register(router);
            tasks.register(router);
            AtomicReference<ProxyServer> proxyRef = new AtomicReference<>();
        new OpsRoutes(intents, store, metrics, policies::ids, new OpsRoutes.Info(true,
                    () -> proxyRef.get() == null ? s.proxy().port() : proxyRef.get().port(),
                    () -> proxyRef.get() != null, s.proxy().tlsIntercept(), s.metrics().requireAuth(), s.auth().openRegistration(),
                    s.webhooks().sendSecretHeader())).register(router);
            tasks.recover();
            api = ApiServer.builder(router).host(s.bind()).port(s.api().port())
                    .maxBodyBytes((int) Math.min(Integer.MAX_VALUE, s.api().maxBodyBytes()))
                    .idleTimeout(TaskWiring.apiIdleTimeout(gatewayConfig))
                    .filter(new AuthFilter(authenticator)).build().start();
            resources.add(api);
            Set<InetSocketAddress> own = new HashSet<>();
            own.add(new InetSocketAddress(s.bind(), api.port()));
            LeafCache<SslContext> leaves = ProxyWiring.leafContexts(ca);
            ProxyServer started = ProxyWiring.start(s, intents, authenticator, policies, destinations, leaves, held, metrics,
                    Set.copyOf(own));
            resources.add(started);
            proxyRef.set(started);
            this.proxy = started;
            own.add(started.address());
            metrics.gauge("tollgate_proxy_held_connections", "Proxied requests held open waiting for a decision", held::count);
            metrics.counter("tollgate_cert_cache_hits", "Leaf TLS contexts served from the cache", () -> leaves.stats().hits());
            metrics.counter("tollgate_cert_cache_misses", "Leaf TLS contexts not in the cache", () -> leaves.stats().misses());
            metrics.counter("tollgate_cert_mints", "Leaf certificates minted", () -> leaves.stats().mints());
            metrics.counter("tollgate_cert_mint_seconds", "Time spent minting leaves and building their contexts",
                    () -> leaves.stats().totalMintNanos() / 1e9);
            WebhookWiring wiring = WebhookWiring.start(store, s, metrics, own);
            resources.add(wiring);
            webhookWiring.set(wiring);
            listeners.add(wiring);

            policies.watch(scheduler);
            destinations.watch(scheduler);
            scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    
        } catch (IOException | RuntimeException e) {
            close(); // release what was acquired (data dir lock, store, threads) before refusing
            throw e;
        }
    }

    /** Starts a server; throws {@link ConfigException} (every problem) when configuration is refused. */
    public static TollgateServer start(Settings settings, Map<String, String> env, Consumer<String> announce)
            throws IOException {
        return new TollgateServer(settings, env, announce);
    }

    private void sweep() {
        try {
            intents.expireOverdue(500).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "expiry sweep failed; will retry", e);
        }
    }

    public int apiPort() { return api.port(); }

    public int proxyPort() { return proxy.port(); }

    public Store store() { return store; }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "error while stopping " + resources.get(i), e);
            }
        }
    }
}
