package dev.tollgate.proxy.upstream;

import dev.tollgate.proxy.address.Resolution;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently checked resolutions (host, port → addresses and verdicts), so a busy host is not looked up
 * off-loop for every request. Safe against rebinding: what is cached is the checked answer, and the
 * proxy connects only to addresses from it. A TTL of 0 disables caching.
 */
final class ResolutionCache {
    private static final int MAX = 4096;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Resolution resolution, long expiresNanos) {}

    ResolutionCache(long ttlMillis) { this.ttlNanos = ttlMillis * 1_000_000L; }

    Resolution get(String host, int port) {
        if (ttlNanos <= 0) return null;
        Entry e = entries.get(host + ":" + port);
        if (e == null) return null;
        if (System.nanoTime() - e.expiresNanos >= 0) {
            entries.remove(host + ":" + port, e);
            return null;
        }
        return e.resolution;
    }

    void put(Resolution r) {
        if (ttlNanos <= 0) return;
        if (entries.size() >= MAX) entries.clear();
        entries.put(r.host() + ":" + r.port(), new Entry(r, System.nanoTime() + ttlNanos));
    }

    void clear() { entries.clear(); }
}
