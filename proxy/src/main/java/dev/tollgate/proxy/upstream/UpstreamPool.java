package dev.tollgate.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive connections of one event loop (no locking: only that loop touches it), most
 * recently used first. A connection that closes while idle leaves the pool at once.
 */
final class UpstreamPool {
    static final AttributeKey<PoolKey> KEY = AttributeKey.valueOf("tollgate.poolKey");
    private static final AttributeKey<Boolean> WATCHED = AttributeKey.valueOf("tollgate.poolWatched");

    private final int maxIdlePerKey;
    private final Map<PoolKey, ArrayDeque<Channel>> idle = new HashMap<>();

    UpstreamPool(int maxIdlePerKey) { this.maxIdlePerKey = maxIdlePerKey; }

    Channel poll(PoolKey key) {
        ArrayDeque<Channel> d = idle.get(key);
        if (d == null) return null;
        while (!d.isEmpty()) {
            Channel ch = d.pollLast();
            if (ch.isActive()) return ch;
        }
        return null;
    }

    void offer(Channel ch) {
        PoolKey key = ch.attr(KEY).get();
        ArrayDeque<Channel> d = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (d.size() >= maxIdlePerKey || !ch.isActive()) {
            ch.close();
            return;
        }
        d.addLast(ch);
        if (ch.attr(WATCHED).setIfAbsent(Boolean.TRUE) == null) {
            ch.closeFuture().addListener(f -> {
                ArrayDeque<Channel> q = idle.get(key);
                if (q != null) {
                    q.remove(ch);
                    if (q.isEmpty()) idle.remove(key);
                }
            });
        }
    }

    int idleCount() { return idle.values().stream().mapToInt(ArrayDeque::size).sum(); }
}
