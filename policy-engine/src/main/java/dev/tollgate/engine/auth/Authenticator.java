package dev.tollgate.engine.auth;

import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.util.Hashing;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Resolves a bearer key to a {@link Principal}. Keys are looked up by their SHA-256 (an index
 * lookup on a hash an attacker cannot steer) and the admin key's hash is compared in constant
 * time. Known keys are cached briefly so that thousands of requests per second do not each read
 * the store; revocation purges the cache, and the TTL bounds staleness across instances.
 */
public final class Authenticator {
    private static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_CACHED = 10_000;

    private final Store store;
    private final String adminKeyHash;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Principal principal, long expiresAtNanos) {}

    public Authenticator(Store store, String adminKeyHash, LongSupplier nanoTime) {
        this.store = store;
        this.adminKeyHash = adminKeyHash;
        this.nanoTime = nanoTime;
    }

    public Authenticator(Store store, String adminKeyHash) { this(store, adminKeyHash, System::nanoTime); }

    /** Empty when the key is missing, unknown, or belongs to a suspended/revoked agent. */
    public CompletableFuture<Optional<Principal>> authenticate(String key) {
        KeyKind kind = KeyKind.ofKey(key);
        if (kind == null || kind == KeyKind.EXECUTION_TOKEN || key.length() > 256) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String hash = Hashing.sha256Hex(key);
        if (kind == KeyKind.ADMIN) {
            return CompletableFuture.completedFuture(Hashing.constantTimeEquals(hash, adminKeyHash)
                    ? Optional.of(new Principal.Admin()) : Optional.empty());
        }
        Cached c = cache.get(hash);
        long now = nanoTime.getAsLong();
        if (c != null && now - c.expiresAtNanos < 0) return CompletableFuture.completedFuture(Optional.of(c.principal));
        return store.read(r -> kind == KeyKind.AGENT
                ? r.agentByKeyHash(hash).filter(a -> a.status() == AgentStatus.ACTIVE)
                        .<Principal>map(Principal.AgentPrincipal::new)
                : r.reviewerByKeyHash(hash).filter(rv -> rv.active()).<Principal>map(Principal.ReviewerPrincipal::new))
                .thenApply(p -> {
                    if (p.isPresent()) {
                        if (cache.size() >= MAX_CACHED) cache.clear();
                        cache.put(hash, new Cached(p.get(), nanoTime.getAsLong() + TTL_NANOS));
                    }
                    return p;
                });
    }

    /** Drops every cached principal (after a suspension or revocation). */
    public void forgetAll() { cache.clear(); }
}
