package dev.tollgate.proxy.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLHandshakeException;

/**
 * Picks the leaf for an intercepted tunnel: always the CONNECT host's, and only when the client's SNI,
 * if it sent one, names that same host (anti domain-fronting). On a mismatch the connection is closed
 * here and now: Netty's SNI handler falls back to its default context when a lookup fails
 * synchronously, so a failed lookup alone would not stop the handshake. The leaf is obtained off the
 * event loop.
 */
final class SniCheck implements AsyncMapping<String, SslContext> {
    private static final System.Logger LOG = System.getLogger(SniCheck.class.getName());
    private final Channel channel;
    private final String connectHost;
    private final MitmContexts contexts;
    private final Executor blocking;
    private boolean refused;

    SniCheck(Channel channel, String connectHost, MitmContexts contexts, Executor blocking) {
        this.channel = channel;
        this.connectHost = connectHost;
        this.contexts = contexts;
        this.blocking = blocking;
    }

    @Override public Future<SslContext> map(String sni, Promise<SslContext> promise) {
        if (refused || (sni != null && !matches(sni))) {
            refused = true;
            channel.close();
            SSLHandshakeException e = new SSLHandshakeException("SNI " + sni + " does not match CONNECT host " + connectHost);
            blocking.execute(() -> promise.tryFailure(e));
            return promise;
        }
        blocking.execute(() -> {
            try {
                promise.trySuccess(contexts.forHost(connectHost));
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "cannot get a leaf certificate for " + connectHost, t);
                promise.tryFailure(t);
            }
        });
        return promise;
    }

    private boolean matches(String sni) {
        String s = sni.endsWith(".") ? sni.substring(0, sni.length() - 1) : sni;
        return s.equalsIgnoreCase(connectHost);
    }
}
