package dev.tollgate.proxy.support;

import dev.tollgate.engine.agent.AgentService;
import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.auth.Authenticator;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentQuery;
import dev.tollgate.engine.intent.IntentService;
import dev.tollgate.engine.intent.ProxyIntents;
import dev.tollgate.engine.policy.PolicyEvaluator;
import dev.tollgate.engine.policy.PolicyRegistry;
import dev.tollgate.engine.store.sqlite.SqliteStore;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.proxy.address.AddressPolicy;
import dev.tollgate.proxy.address.Cidr;
import dev.tollgate.proxy.address.HostLookup;
import dev.tollgate.proxy.hold.HeldRegistry;
import dev.tollgate.proxy.server.ProxyConfig;
import dev.tollgate.proxy.server.ProxyServer;
import dev.tollgate.proxy.tls.UpstreamTrust;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A real engine (SQLite in a temp dir, policies from files, an agent registered through
 * {@link AgentService}) behind a real {@link ProxyServer} on an ephemeral port, with test names
 * pinned to 127.0.0.1 (loopback allowed) through a {@link HostLookup} that counts its calls.
 */
public final class ProxyHarness implements AutoCloseable {
    static {
        // The JDK's HttpClient refuses Basic credentials for CONNECT unless told otherwise.
        System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        System.setProperty("jdk.http.auth.proxying.disabledSchemes", "");
        // Every ByteBuf leak in the proxy shows up in the test output ("LEAK:").
        System.setProperty("io.netty.leakDetection.level", "paranoid");
    }

    public static final String ADMIN_KEY = "gate_admin_" + "0".repeat(48);
    public static final List<String> HOSTS = List.of("api.test", "review.test", "hold.test", "inspect.test",
            "blocked.test", "crm.test", "localhost", "secure.test", "untrusted.test", "passthrough.test", "other.test");

    public final Path dir;
    public final SqliteStore store;
    public final IntentService intents;
    public final ProxyIntents proxyIntents;
    public final Authenticator authenticator;
    public final AgentService agents;
    public final HeldRegistry held = new HeldRegistry();
    public final RecordingMetrics metrics = new RecordingMetrics();
    public final TestCa ca;
    public final TestMapper mapper = new TestMapper();
    public final AtomicInteger lookups = new AtomicInteger();
    public final ProxyServer proxy;
    public final String agentKey;
    public final String agentId;
    private final ExecutorService compute = Executors.newFixedThreadPool(2);

    public static ProxyHarness start(Path dir) throws Exception { return start(dir, c -> c, List.of()); }

    public static ProxyHarness start(Path dir, UnaryOperator<ProxyConfig> config, List<X509Certificate> upstreamCas)
            throws Exception {
        return new ProxyHarness(dir, config, upstreamCas, AddressPolicyKind.LOOPBACK_ALLOWED);
    }

    public enum AddressPolicyKind { LOOPBACK_ALLOWED, PUBLIC_ONLY }

    public ProxyHarness(Path dir, UnaryOperator<ProxyConfig> config, List<X509Certificate> upstreamCas,
                        AddressPolicyKind addresses) throws Exception {
        this.dir = dir;
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("review.yaml"), "id: review\nrequire_approval: always\nexpiry_minutes: 10\n");
        Files.writeString(policies.resolve("inspect.yaml"),
                "id: inspect\nblock_if_terms:\n  - \"forbidden phrase\"\nrequire_approval: never\n");
        Files.writeString(policies.resolve("crm.yaml"), "id: crm\nauto_approve_under: 100\nrequire_approval_over: 100\n");
        store = SqliteStore.open(dir.resolve("t.db"), new AuditChain(AuditKey.of(new byte[32])));
        PolicyRegistry registry = PolicyRegistry.load(policies);
        intents = new IntentService(store, new PolicyEvaluator(registry), Clock.systemUTC(), null, compute, held);
        proxyIntents = new ProxyIntents(intents);
        authenticator = new Authenticator(store, Hashing.sha256Hex(ADMIN_KEY));
        agents = new AgentService(store, Clock.systemUTC(), authenticator);
        var reg = agents.register(new AgentService.Registration("test-agent", null, null, null, null, null, null), "admin")
                .get(10, TimeUnit.SECONDS);
        agentKey = reg.key();
        agentId = reg.entity().id();
        ca = new TestCa("Test Tollgate CA");
        mapper.route("api.test", "allow").route("review.test", "review").route("hold.test", "review",
                dev.tollgate.proxy.route.PendingMode.HOLD, null).route("inspect.test", "inspect")
                .route("crm.test", "crm", null, "/records").route("localhost", "allow").route("secure.test", "allow")
                .route("untrusted.test", "allow").route("passthrough.test", "allow").route("127.0.0.1", "allow");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Map<String, List<InetAddress>> pins = new java.util.HashMap<>();
        for (String h : HOSTS) pins.put(h, List.of(loopback));
        HostLookup pinned = HostLookup.pinned(pins, host -> {
            throw new java.net.UnknownHostException("no real DNS in tests: " + host);
        });
        HostLookup counting = host -> {
            lookups.incrementAndGet();
            return pinned.lookup(host);
        };
        AddressPolicy policy = addresses == AddressPolicyKind.LOOPBACK_ALLOWED
                ? new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8")), Set.of()) : AddressPolicy.publicOnly();
        ProxyConfig cfg = config.apply(ProxyConfig.defaults().withBind("127.0.0.1", 0).withResolutionCache(0)
                .withDashboard("http://127.0.0.1:4000/dashboard"));
        proxy = ProxyServer.builder().config(cfg).intents(intents).proxyIntents(proxyIntents).authenticator(authenticator)
                .policies(registry).destinations(mapper).mitm(ca).addressPolicy(policy).hostLookup(counting)
                .upstreamTls(UpstreamTrust.clientContext(upstreamCas)).held(held).metrics(metrics).build().start();
    }

    public int port() { return proxy.port(); }

    /** Waits (bounded) until {@code check} holds. */
    public static void await(String what, java.util.function.BooleanSupplier check) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    public String basic() { return basic(agentKey); }

    public static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString(("test-agent:" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** A JDK client through the proxy: trusts the test CA, answers 407 with the agent's credentials. */
    public HttpClient client() throws Exception {
        return HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port())))
                .sslContext(ca.clientContext()).connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .authenticator(new java.net.Authenticator() {
                    @Override protected PasswordAuthentication getPasswordAuthentication() {
                        return getRequestorType() == RequestorType.PROXY
                                ? new PasswordAuthentication("test-agent", agentKey.toCharArray()) : null;
                    }
                }).build();
    }

    /** A JDK client through the proxy that trusts {@code trust} (for tunnels that are not intercepted). */
    public HttpClient client(javax.net.ssl.SSLContext trust) throws Exception {
        return HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port())))
                .sslContext(trust).connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .authenticator(new java.net.Authenticator() {
                    @Override protected PasswordAuthentication getPasswordAuthentication() {
                        return getRequestorType() == RequestorType.PROXY
                                ? new PasswordAuthentication("test-agent", agentKey.toCharArray()) : null;
                    }
                }).build();
    }

    public Intent approve(String intentId) throws Exception {
        return intents.approve(intentId, new Principal.Admin(), Optional.empty()).get(10, TimeUnit.SECONDS);
    }

    public Intent reject(String intentId) throws Exception {
        return intents.reject(intentId, new Principal.Admin(), "no").get(10, TimeUnit.SECONDS);
    }

    public Intent intent(String id) throws Exception {
        return intents.get(id, Optional.empty()).get(10, TimeUnit.SECONDS).orElseThrow();
    }

    public List<Intent> allIntents() throws Exception {
        return intents.list(new IntentQuery(null, null, 1000)).get(10, TimeUnit.SECONDS);
    }

    public List<String> auditTypes(String intentId) throws Exception {
        List<String> out = new ArrayList<>();
        for (AuditEvent e : intents.audit(intentId).get(10, TimeUnit.SECONDS)) out.add(e.eventType());
        return out;
    }

    /** Waits (bounded) until the intent reaches a final execution status. */
    public Intent awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Intent i = intent(id);
        while (!i.status().wire().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            i = intent(id);
        }
        return i;
    }

    public static <T> T get(CompletableFuture<T> f) throws Exception { return f.get(10, TimeUnit.SECONDS); }

    @Override public void close() {
        proxy.close();
        store.close();
        compute.shutdownNow();
    }
}
