package dev.tollgate.ca;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Real TLS handshakes on loopback: a server presenting a leaf, a client trusting only the CA. */
final class Tls {
    private Tls() {}

    static SSLContext serving(Leaf leaf) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("leaf", leaf.key(), "pw".toCharArray(), leaf.chain());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client whose only trust anchor is {@code ca}; the JDK's own trust store is not used. */
    static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        return trusting(ts);
    }

    static SSLContext trusting(KeyStore trustStore) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * Connects to a server on 127.0.0.1 presenting {@code leaf}, as a client that asked for
     * {@code host} (SNI for names) and checks it with HTTPS endpoint identification; returns the
     * server's certificate chain as the client saw it. Throws what the handshake threw.
     */
    static X509Certificate[] handshake(Leaf leaf, SSLContext client, String host) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket server = (SSLServerSocket) serving(leaf).getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            server.setSoTimeout(10_000);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    int b = in.read();
                    OutputStream out = s.getOutputStream();
                    out.write(b + 1);
                    out.flush();
                } catch (Exception ignored) {
                    // a client refusing the certificate ends the connection; the client reports why
                }
            });
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(loopback, server.getLocalPort()), 10_000);
                plain.setSoTimeout(10_000);
                try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(plain, host, server.getLocalPort(), false)) {
                    SSLParameters p = s.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    if (!LeafHost.parse(host).ip()) p.setServerNames(List.of(new SNIHostName(host)));
                    s.setSSLParameters(p);
                    s.startHandshake();
                    s.getOutputStream().write(41);
                    s.getOutputStream().flush();
                    if (s.getInputStream().read() != 42) throw new AssertionError("no echo over TLS");
                    return (X509Certificate[]) s.getSession().getPeerCertificates();
                }
            } finally {
                served.get(10, TimeUnit.SECONDS);
            }
        }
    }
}
