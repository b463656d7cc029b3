package dev.tollgate.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeafCacheTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    @TempDir static Path tmp;
    static CertificateAuthority ca;
    final MutableClock clock = new MutableClock(NOW);
    final AtomicInteger builds = new AtomicInteger();

    @BeforeAll static void createCa() throws Exception {
        ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca"), KeyAlgorithm.EC, new MutableClock(NOW), "h");
    }

    /** Caches the leaf itself, counting how often one is built. */
    private LeafCache<Leaf> cache(int maxHosts, Function<Leaf, Leaf> extra) {
        return new LeafCache<>(new LeafMinter(ca, clock), leaf -> {
            builds.incrementAndGet();
            return extra.apply(leaf);
        }, maxHosts, Duration.ofDays(1), clock);
    }

    private LeafCache<Leaf> cache() {
        return cache(10_000, Function.identity());
    }

    @Test void aHitReturnsTheSameObjectAndCounts() {
        LeafCache<Leaf> cache = cache();
        Leaf first = cache.get("api.example.com");
        assertSame(first, cache.get("api.example.com"));
        assertSame(first, cache.get("API.Example.COM."));
        assertEquals("api.example.com", first.host());
        LeafCache.Stats s = cache.stats();
        assertEquals(2, s.hits());
        assertEquals(1, s.misses());
        assertEquals(1, s.mints());
        assertTrue(s.totalMintNanos() > 0);
        assertEquals(1, builds.get());
    }

    @Test void ipv6SpellingsShareAnEntry() {
        LeafCache<Leaf> cache = cache();
        Leaf a = cache.get("[::1]");
        assertSame(a, cache.get("::1"));
        assertSame(a, cache.get("0:0:0:0:0:0:0:1"));
        assertEquals(1, cache.stats().mints());
    }

    @Test void fiftyConcurrentFirstRequestsMintOnce() throws Exception {
        CountDownLatch minting = new CountDownLatch(1);
        // The build waits until every thread has asked, so all 50 truly overlap with the one mint.
        CountDownLatch allAsked = new CountDownLatch(50);
        LeafCache<Leaf> cache = cache(10_000, leaf -> {
            minting.countDown();
            try {
                allAsked.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return leaf;
        });
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Leaf>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    allAsked.countDown();
                    return cache.get("once.example.com");
                }));
            }
            start.countDown();
            Set<Leaf> distinct = new HashSet<>();
            for (Future<Leaf> f : results) distinct.add(f.get(20, TimeUnit.SECONDS));
            assertEquals(1, distinct.size());
            assertEquals(1, builds.get());
            assertEquals(1, cache.stats().mints());
            assertEquals(50, cache.stats().hits() + cache.stats().misses());
            assertTrue(minting.getCount() == 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test void leavesAreRenewedBeforeTheyExpire() {
        LeafCache<Leaf> cache = cache();
        Leaf first = cache.get("api.example.com");
        assertEquals(NOW.plus(Duration.ofDays(7)), first.notAfter());

        clock.advance(Duration.ofDays(6).minusSeconds(1)); // a day and a second before notAfter
        assertSame(first, cache.get("api.example.com"));

        clock.advance(Duration.ofSeconds(1)); // exactly refreshBefore before notAfter
        Leaf second = cache.get("api.example.com");
        assertNotSame(first, second);
        assertEquals(clock.instant().plus(Duration.ofDays(7)), second.notAfter());
        assertSame(second, cache.get("api.example.com"));
        assertEquals(2, cache.stats().mints());
    }

    @Test void shortLivedLeavesNearTheCaEndAreNotRemintedOnEveryRequest() {
        clock.set(ca.notAfter().minus(Duration.ofHours(12))); // leaves are capped at 12 h, less than refreshBefore
        LeafCache<Leaf> cache = cache();
        Leaf first = cache.get("api.example.com");
        assertEquals(ca.notAfter(), first.notAfter());
        clock.advance(Duration.ofHours(6).minusSeconds(1));
        assertSame(first, cache.get("api.example.com"));
        clock.advance(Duration.ofSeconds(1));
        assertNotSame(first, cache.get("api.example.com"));
    }

    @Test void theCacheIsBounded() {
        LeafCache<Leaf> cache = cache(20, Function.identity());
        for (int i = 0; i < 200; i++) cache.get("h" + i + ".example.com");
        assertTrue(cache.size() <= 20, "size " + cache.size());
        assertEquals(200, cache.stats().mints());
    }

    @Test void invalidHostsAndFailedBuildsCacheNothing() {
        AtomicInteger calls = new AtomicInteger();
        LeafCache<Leaf> cache = cache(10, leaf -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("build failed");
            return leaf;
        });
        assertThrows(IllegalArgumentException.class, () -> cache.get("not a host"));
        assertEquals(0, cache.size());
        assertEquals(0, cache.stats().misses());
        assertThrows(IllegalStateException.class, () -> cache.get("api.example.com"));
        assertEquals(0, cache.size());
        Leaf leaf = cache.get("api.example.com");
        assertSame(leaf, cache.get("api.example.com"));
        assertEquals(1, cache.stats().mints());
    }

    @Test void invalidateAllForgetsEveryEntry() {
        LeafCache<Leaf> cache = cache();
        Leaf first = cache.get("api.example.com");
        cache.invalidateAll();
        assertNotSame(first, cache.get("api.example.com"));
    }
}
