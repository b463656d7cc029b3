package dev.tollgate.proxy.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * The TLS the proxy terminates for agents (interception): BoringSSL (netty-tcnative) when its
 * native library loads, else the JDK's. A full handshake with the JDK's TLS cost the proxy ~2.7 ms
 * of CPU; with BoringSSL ~0.9 ms, which is what makes new-connection-per-request clients cheap.
 * Upstream connections stay on the JDK (UpstreamTrust): its trust store and host-name checks are
 * the ones the tests pin down.
 */
public final class ServerTls {
    private ServerTls() {}

    public static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** A server context presenting {@code chain} (leaf first) with {@code key}. */
    public static SslContext forLeaf(PrivateKey key, X509Certificate... chain) throws SSLException {
        return SslContextBuilder.forServer(key, chain).sslProvider(provider()).build();
    }
}
