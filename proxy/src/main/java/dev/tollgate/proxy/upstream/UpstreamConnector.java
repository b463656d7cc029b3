package dev.tollgate.proxy.upstream;

import dev.tollgate.proxy.address.AddressPolicy;
import dev.tollgate.proxy.address.AddressResolver;
import dev.tollgate.proxy.address.Resolution;
import dev.tollgate.proxy.log.ProxyMetrics;
import dev.tollgate.proxy.route.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Reaches upstreams, only ever after approval (SPEC §5.5): resolves the host off the event loop
 * (or from the short-lived checked cache), refuses the host when any of its addresses is refused by
 * the {@link AddressPolicy}, connects to a checked address (never looking the name up again), on
 * the client connection's own event loop, and for https verifies the certificate chain and the host
 * name. Ready connections are pooled per event loop and (scheme, host, port, address).
 */
public final class UpstreamConnector {
    static final AttributeKey<Boolean> REUSED = AttributeKey.valueOf("tollgate.reused");

    private final AddressResolver resolver;
    private final Executor blocking;
    private final ResolutionCache cache;
    private final SslContext tls;
    private final Bootstrap base;
    private final ProxyMetrics metrics;
    private final long idleMillis;
    private volatile AddressPolicy policy;
    private final FastThreadLocal<UpstreamPool> pools;

    public UpstreamConnector(AddressResolver resolver, AddressPolicy policy, Executor blocking, SslContext tls,
                             Class<? extends SocketChannel> channelClass, Duration connectTimeout, Duration poolIdle,
                             int maxIdlePerKey, long resolutionCacheMillis, ProxyMetrics metrics) {
        this.resolver = resolver;
        this.policy = policy;
        this.blocking = blocking;
        this.tls = tls;
        this.metrics = metrics;
        this.idleMillis = poolIdle.toMillis();
        this.cache = new ResolutionCache(resolutionCacheMillis);
        this.base = new Bootstrap().channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.AUTO_READ, true);
        this.pools = new FastThreadLocal<>() {
            @Override protected UpstreamPool initialValue() { return new UpstreamPool(maxIdlePerKey); }
        };
    }

    /** Replaces the address policy (the proxy adds its own listener once bound) and forgets checked answers. */
    public void addressPolicy(AddressPolicy p) {
        policy = p;
        cache.clear();
    }

    public AddressPolicy addressPolicy() { return policy; }

    /** A ready HTTP connection to {@code t} on {@code loop}: pooled, or new (TLS handshake done for https). */
    public Future<Channel> acquire(EventLoop loop, Target t) {
        Promise<Channel> p = loop.newPromise();
        resolve(loop, t.host(), t.port()).addListener((Future<Resolution> f) -> {
            if (!f.isSuccess()) {
                p.tryFailure(UpstreamFailure.of(f.cause(), t.host()));
                return;
            }
            Resolution r = f.getNow();
            if (!r.allowed()) {
                p.tryFailure(UpstreamFailure.refused(r.refusal().orElseThrow()));
                return;
            }
            PoolKey first = new PoolKey(t.scheme(), t.host(), t.port(), r.addresses().get(0));
            Channel pooled = pools.get().poll(first);
            if (pooled != null) {
                pooled.attr(REUSED).set(Boolean.TRUE);
                metrics.upstreamConnection(true);
                p.trySuccess(pooled);
                return;
            }
            connect(loop, t, r.addresses(), 0, p, true);
        });
        return p;
    }

    /** A raw TCP connection to a checked address of {@code host:port} (CONNECT tunnels), not yet reading. */
    public Future<Channel> openTunnel(EventLoop loop, String host, int port) {
        Promise<Channel> p = loop.newPromise();
        resolve(loop, host, port).addListener((Future<Resolution> f) -> {
            if (!f.isSuccess()) {
                p.tryFailure(UpstreamFailure.of(f.cause(), host));
            } else if (!f.getNow().allowed()) {
                p.tryFailure(UpstreamFailure.refused(f.getNow().refusal().orElseThrow()));
            } else {
                connect(loop, Target.tunnel(host, port), f.getNow().addresses(), 0, p, false);
            }
        });
        return p;
    }

    /** After a complete response: back to this loop's pool when reusable, else closed. */
    public void release(Channel ch, boolean reusable) {
        if (reusable && ch.isActive() && ch.attr(UpstreamPool.KEY).get() != null) {
            ch.config().setAutoRead(true);
            pools.get().offer(ch);
        } else {
            ch.close();
        }
    }

    private Future<Resolution> resolve(EventLoop loop, String host, int port) {
        Resolution cached = cache.get(host, port);
        if (cached != null) return loop.newSucceededFuture(cached);
        Promise<Resolution> p = loop.newPromise();
        AddressPolicy current = policy;
        blocking.execute(() -> {
            try {
                Resolution r = resolver.resolve(host, port, current);
                cache.put(r);
                p.trySuccess(r);
            } catch (UnknownHostException | RuntimeException e) {
                p.tryFailure(e);
            }
        });
        return p;
    }

    private void connect(EventLoop loop, Target t, List<InetAddress> addresses, int index, Promise<Channel> p, boolean http) {
        InetAddress address = addresses.get(index);
        PoolKey key = new PoolKey(t.scheme(), t.host(), t.port(), address);
        Bootstrap b = base.clone(loop).handler(new ChannelInitializer<SocketChannel>() {
            @Override protected void initChannel(SocketChannel ch) {
                if (!http) {
                    ch.config().setAutoRead(false);
                    return;
                }
                if (key.https()) ch.pipeline().addLast("ssl", verifyingHandler(ch, t.host(), t.port()));
                ch.pipeline().addLast("codec", new HttpClientCodec(8192, 64 * 1024, 64 * 1024));
                ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
                ch.pipeline().addLast("relay", new ResponseRelay());
            }
        });
        ChannelFuture cf = b.connect(new InetSocketAddress(address, t.port()));
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                if (index + 1 < addresses.size()) connect(loop, t, addresses, index + 1, p, http);
                else p.tryFailure(UpstreamFailure.of(f.cause(), t.host()));
                return;
            }
            Channel ch = cf.channel();
            metrics.upstreamConnection(false);
            if (!http) {
                p.trySuccess(ch);
                return;
            }
            ch.attr(UpstreamPool.KEY).set(key);
            SslHandler ssl = ch.pipeline().get(SslHandler.class);
            if (ssl == null) {
                p.trySuccess(ch);
                return;
            }
            ssl.handshakeFuture().addListener(hf -> {
                if (hf.isSuccess()) {
                    p.trySuccess(ch);
                } else {
                    ch.close();
                    p.tryFailure(UpstreamFailure.tls(t.host(), hf.cause()));
                }
            });
        });
    }

    /** Chain and host name verified ({@code HTTPS} endpoint identification), SNI = host. No way to turn it off. */
    private SslHandler verifyingHandler(Channel ch, String host, int port) {
        SslHandler h = tls.newHandler(ch.alloc(), host, port);
        SSLEngine engine = h.engine();
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(params);
        return h;
    }
}
