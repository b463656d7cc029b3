package dev.tollgate.proxy.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trust for upstream TLS (SPEC §5.5): the JDK's trust store plus the optional
 * {@code proxy.upstream_ca} PEM file. Built once; verification (chain and host name) is always on.
 */
public final class UpstreamTrust {
    private UpstreamTrust() {}

    /** A client context trusting the JDK's CAs and the certificates of {@code extraCaPem} when given. */
    public static SslContext clientContext(Optional<Path> extraCaPem) throws IOException, GeneralSecurityException {
        List<X509Certificate> extra = new ArrayList<>();
        if (extraCaPem.isPresent()) {
            try (InputStream in = Files.newInputStream(extraCaPem.get())) {
                extra.addAll(readPem(in));
            }
            if (extra.isEmpty()) throw new GeneralSecurityException("no certificate in " + extraCaPem.get());
        }
        return clientContext(extra);
    }

    public static SslContext clientContext(List<X509Certificate> extra) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int n = 0;
        for (X509Certificate c : jdkDefaults()) store.setCertificateEntry("jdk-" + n++, c);
        for (X509Certificate c : extra) store.setCertificateEntry("extra-" + n++, c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(tmf).build();
    }

    public static List<X509Certificate> readPem(InputStream in) throws GeneralSecurityException {
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : certs) if (c instanceof X509Certificate x) out.add(x);
        return out;
    }

    private static List<X509Certificate> jdkDefaults() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) return List.of(x.getAcceptedIssuers());
        }
        return List.of();
    }
}
