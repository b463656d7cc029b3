package dev.tollgate.proxy.support;

import dev.tollgate.proxy.tls.MitmContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA for tests: mints leaves per host (for the MITM side and for test upstreams). */
public final class TestCa implements MitmContexts {
    private final KeyPair caKeys;
    public final X509Certificate caCert;
    private final Map<String, SslContext> contexts = new ConcurrentHashMap<>();
    public final AtomicInteger minted = new AtomicInteger();

    public TestCa(String name) throws Exception {
        caKeys = ecKeys();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(2))), subject, caKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(caKeys.getPublic()));
        caCert = sign(b, caKeys);
    }

    /** A leaf for {@code host} (DNS name or IP literal) signed by this CA, with its key. */
    public Leaf leaf(String host) throws Exception {
        KeyPair keys = ecKeys();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(caCert.getSubjectX500Principal().getName()),
                serial(), Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=" + host), keys.getPublic());
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host)));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert));
        return new Leaf(keys, sign(b, caKeys));
    }

    public record Leaf(KeyPair keys, X509Certificate cert) {}

    /** Server context presenting a leaf for {@code host} and this CA. */
    public SslContext serverContext(String host) throws Exception {
        Leaf l = leaf(host);
        return SslContextBuilder.forServer(l.keys().getPrivate(), l.cert(), caCert).sslProvider(SslProvider.JDK).build();
    }

    @Override public SslContext forHost(String host) {
        return contexts.computeIfAbsent(host, h -> {
            try {
                minted.incrementAndGet();
                Leaf l = leaf(h); // intercepted hosts: the TLS the product uses (BoringSSL when it loads)
                return dev.tollgate.proxy.tls.ServerTls.forLeaf(l.keys().getPrivate(), l.cert(), caCert);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A JDK client context trusting only this CA. */
    public SSLContext clientContext() throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", caCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    public String pem() throws Exception {
        StringWriter w = new StringWriter();
        w.write("-----BEGIN CERTIFICATE-----\n");
        w.write(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(caCert.getEncoded()));
        w.write("\n-----END CERTIFICATE-----\n");
        return w.toString();
    }

    public Path writePem(Path file) throws Exception {
        Files.writeString(file, pem());
        return file;
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() { return new BigInteger(128, new SecureRandom()); }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }
}
