package dev.tollgate.ca;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Ready-to-use objects built from leaves (the proxy's TLS contexts), one per host, bounded and
 * renewed before their leaf expires. Generic so that this module needs no TLS library.
 *
 * <p>Concurrent first requests for one host mint once: the others wait for that result
 * (Caffeine computes a missing key once). A failed mint caches nothing. Hosts are normalised
 * ({@link LeafHost}) before lookup, so {@code API.example.com.} and {@code api.example.com}
 * share an entry, and an invalid host is refused before it can occupy one.
 *
 * <p>Expiry follows the injected clock (a wall clock in production, as leaf validity is).
 *
 * @param <T> what the proxy keeps per host
 */
public final class LeafCache<T> {
    /**
     * @param hits           lookups answered from the cache
     * @param misses         lookups that minted, or waited for another thread's mint
     * @param mints          leaves minted and built
     * @param totalMintNanos time spent minting and building, summed
     */
    public record Stats(long hits, long misses, long mints, long totalMintNanos) {}

    private record Entry<T>(T value, Instant renewAt) {}

    private final LeafMinter minter;
    private final Function<Leaf, T> build;
    private final Duration refreshBefore;
    private final Clock clock;
    private final Cache<String, Entry<T>> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder mints = new LongAdder();
    private final LongAdder mintNanos = new LongAdder();

    /**
     * @param build         turns a leaf into what is cached; must not return null
     * @param maxHosts      bound on entries; the least useful are evicted beyond it
     * @param refreshBefore an entry is replaced this long before its leaf's notAfter (e.g. 1 day),
     *                      so no client is handed a certificate about to expire
     */
    public LeafCache(LeafMinter minter, Function<Leaf, T> build, int maxHosts, Duration refreshBefore, Clock clock) {
        if (maxHosts < 1) throw new IllegalArgumentException("maxHosts must be at least 1");
        if (refreshBefore.isNegative()) throw new IllegalArgumentException("refreshBefore must not be negative");
        this.minter = Objects.requireNonNull(minter, "minter");
        this.build = Objects.requireNonNull(build, "build");
        this.refreshBefore = refreshBefore;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxHosts)
                .expireAfter(new Expiry<String, Entry<T>>() {
                    @Override public long expireAfterCreate(String host, Entry<T> e, long currentTime) {
                        return nanosUntil(e.renewAt());
                    }

                    @Override public long expireAfterUpdate(String host, Entry<T> e, long currentTime, long currentDuration) {
                        return nanosUntil(e.renewAt());
                    }

                    @Override public long expireAfterRead(String host, Entry<T> e, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                // Caffeine's time is the injected clock's, so expiry agrees with leaf validity and tests can move it.
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // Evictions run on the calling thread: no background pool, and the bound holds when get returns.
                .executor(Runnable::run)
                .build();
    }

    /**
     * The object for {@code host}, minting and building it on first use or when due for renewal.
     * Minting takes about a millisecond: callers on an event loop may prefer to call this elsewhere.
     *
     * @throws IllegalArgumentException when {@code host} is neither a host name nor an IP literal
     */
    public T get(String host) {
        String key = LeafHost.parse(host).value();
        Entry<T> e = cache.getIfPresent(key);
        if (e != null) {
            hits.increment();
            return e.value();
        }
        misses.increment();
        return cache.get(key, this::create).value();
    }

    private Entry<T> create(String host) {
        long start = System.nanoTime();
        Leaf leaf = minter.mint(host);
        T value = Objects.requireNonNull(build.apply(leaf), "LeafCache build function returned null");
        mintNanos.add(System.nanoTime() - start);
        mints.increment();
        return new Entry<>(value, renewAt(leaf.notAfter()));
    }

    /**
     * {@code refreshBefore} ahead of the leaf's end; when the leaf is shorter-lived than that (a
     * CA near its own end caps it), half its remaining life, rather than minting on every request.
     */
    private Instant renewAt(Instant notAfter) {
        Instant now = clock.instant();
        Instant at = notAfter.minus(refreshBefore);
        if (at.isAfter(now)) return at;
        return now.plus(Duration.between(now, notAfter).dividedBy(2));
    }

    private long nanosUntil(Instant at) {
        Duration d = Duration.between(clock.instant(), at);
        if (d.isNegative()) return 0;
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), mints.sum(), mintNanos.sum());
    }

    /** Entries held now (after pending evictions). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Drops every entry, e.g. after the CA changed. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    public LeafMinter minter() { return minter; }
}
