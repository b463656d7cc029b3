package dev.tollgate.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeafMinterTest {
    // Real time (whole seconds, as certificates hold): the handshake tests check validity against the system clock.
    static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    @TempDir static Path tmp;
    static CertificateAuthority ca;
    static CertificateAuthority rsaCa;
    final MutableClock clock = new MutableClock(NOW);

    @BeforeAll static void createCas() throws Exception {
        MutableClock created = new MutableClock(NOW.minus(Duration.ofDays(1)));
        ca = CertificateAuthority.loadOrCreate(tmp.resolve("ec"), KeyAlgorithm.EC, created, "h");
        rsaCa = CertificateAuthority.loadOrCreate(tmp.resolve("rsa"), KeyAlgorithm.RSA, created, "h");
    }

    private static X509CertificateHolder holder(X509Certificate c) throws Exception {
        return new X509CertificateHolder(c.getEncoded());
    }

    private static GeneralName[] san(X509CertificateHolder h) {
        return GeneralNames.getInstance(h.getExtension(Extension.subjectAlternativeName).getParsedValue()).getNames();
    }

    @Test void leafCarriesEveryRequiredField() throws Exception {
        Leaf leaf = new LeafMinter(ca, clock).mint("api.example.com");
        X509Certificate c = leaf.certificate();
        X509CertificateHolder h = holder(c);
        assertEquals("api.example.com", leaf.host());
        assertEquals(2, leaf.chain().length);
        assertSame(ca.certificate(), leaf.chain()[1]);

        assertEquals("api.example.com", IETFUtils.valueToString(h.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue()));
        assertEquals(1, h.getSubject().getRDNs().length);
        assertEquals(holder(ca.certificate()).getSubject(), h.getIssuer());

        // Fresh ECDSA P-256 key, signed SHA-256 with the CA's key.
        assertEquals("EC", leaf.key().getAlgorithm());
        assertEquals(256, ((ECPublicKey) c.getPublicKey()).getParams().getOrder().bitLength());
        assertEquals("SHA256withECDSA", c.getSigAlgName());
        c.verify(ca.certificate().getPublicKey());

        assertTrue(c.getSerialNumber().signum() > 0);
        assertEquals(128, c.getSerialNumber().bitLength());

        Extension sanExt = h.getExtension(Extension.subjectAlternativeName);
        assertFalse(sanExt.isCritical());
        GeneralName[] names = san(h);
        assertEquals(1, names.length);
        assertEquals(GeneralName.dNSName, names[0].getTagNo());
        assertEquals("api.example.com", names[0].getName().toString());

        Extension ku = h.getExtension(Extension.keyUsage);
        assertTrue(ku.isCritical());
        boolean[] bits = c.getKeyUsage();
        assertTrue(bits[0], "digitalSignature");
        for (int i = 1; i < bits.length; i++) assertFalse(bits[i], "key usage bit " + i);

        Extension eku = h.getExtension(Extension.extendedKeyUsage);
        assertFalse(eku.isCritical());
        assertArrayEquals(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}, ExtendedKeyUsage.getInstance(eku.getParsedValue()).getUsages());

        Extension bc = h.getExtension(Extension.basicConstraints);
        assertFalse(BasicConstraints.getInstance(bc.getParsedValue()).isCA());
        assertEquals(-1, c.getBasicConstraints());

        byte[] caSki = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                ca.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(h.getExtension(Extension.authorityKeyIdentifier).getParsedValue());
        assertArrayEquals(caSki, aki.getKeyIdentifier());
        assertNull(aki.getAuthorityCertIssuer());
        assertArrayEquals(KeyIdentifiers.of(c.getPublicKey()),
                SubjectKeyIdentifier.getInstance(h.getExtension(Extension.subjectKeyIdentifier).getParsedValue()).getKeyIdentifier());

        assertEquals(NOW.minus(Duration.ofMinutes(5)), c.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(7)), c.getNotAfter().toInstant());
        assertEquals(c.getNotAfter().toInstant(), leaf.notAfter());
    }

    @Test void chainValidatesWithPkixFromTheCaAlone() throws Exception {
        Leaf leaf = new LeafMinter(ca, clock).mint("api.example.com");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf.certificate())), params);
    }

    @Test void everyLeafHasItsOwnKeyAndSerial() {
        LeafMinter minter = new LeafMinter(ca, clock);
        Leaf a = minter.mint("a.example.com");
        Leaf b = minter.mint("a.example.com");
        assertNotEquals(a.certificate().getPublicKey(), b.certificate().getPublicKey());
        assertNotEquals(a.certificate().getSerialNumber(), b.certificate().getSerialNumber());
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1, 7F000001",
            "10.1.2.3, 10.1.2.3, 0A010203",
            "::1, ::1, 00000000000000000000000000000001",
            "[2001:DB8::1], 2001:db8::1, 20010DB8000000000000000000000001",
            "2001:db8:0:0:0:0:0:ff, 2001:db8::ff, 20010DB80000000000000000000000FF"})
    void ipLiteralsGetAnIpAddressSan(String host, String canonical, String hex) throws Exception {
        Leaf leaf = new LeafMinter(ca, clock).mint(host);
        assertEquals(canonical, leaf.host());
        GeneralName[] names = san(holder(leaf.certificate()));
        assertEquals(1, names.length);
        assertEquals(GeneralName.iPAddress, names[0].getTagNo());
        assertEquals(hex, java.util.HexFormat.of().withUpperCase().formatHex(
                ASN1OctetString.getInstance(names[0].getName()).getOctets()));
        // And the JDK reads the same address.
        List<?> jdk = leaf.certificate().getSubjectAlternativeNames().iterator().next();
        assertEquals(7, jdk.get(0));
        assertEquals(InetAddress.getByName(canonical), InetAddress.getByName((String) jdk.get(1)));
    }

    @Test void longHostsGetNoCnAndACriticalSan() throws Exception {
        String host = "a".repeat(60) + ".example.com";
        Leaf leaf = new LeafMinter(ca, clock).mint(host);
        X509CertificateHolder h = holder(leaf.certificate());
        assertEquals(0, h.getSubject().getRDNs().length);
        assertTrue(h.getExtension(Extension.subjectAlternativeName).isCritical());
        assertEquals(host, san(h)[0].getName().toString());
        // 63 characters still fit in a CN.
        String shorter = "b".repeat(51) + ".example.com";
        assertEquals(63, shorter.length());
        X509CertificateHolder h2 = holder(new LeafMinter(ca, clock).mint(shorter).certificate());
        assertEquals(shorter, IETFUtils.valueToString(h2.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue()));
        String sixtyFour = "c".repeat(52) + ".example.com";
        assertEquals(0, holder(new LeafMinter(ca, clock).mint(sixtyFour).certificate()).getSubject().getRDNs().length);
    }

    @Test void validityNeverPassesTheCaEnd() {
        Instant caEnd = ca.notAfter();
        clock.set(caEnd.minus(Duration.ofDays(3)));
        Leaf leaf = new LeafMinter(ca, clock).mint("example.com");
        assertEquals(caEnd, leaf.notAfter());
        assertEquals(caEnd, leaf.certificate().getNotAfter().toInstant());
        assertEquals(clock.instant().minus(Duration.ofMinutes(5)), leaf.certificate().getNotBefore().toInstant());

        clock.set(caEnd.plusSeconds(1));
        CaException e = assertThrows(CaException.class, () -> new LeafMinter(ca, clock).mint("example.com"));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test void anRsaCaSignsWithSha256WithRsaAndKeepsLeavesEc() throws Exception {
        Leaf leaf = new LeafMinter(rsaCa, clock).mint("example.com");
        assertEquals("SHA256withRSA", leaf.certificate().getSigAlgName());
        assertEquals("EC", leaf.certificate().getPublicKey().getAlgorithm());
        leaf.certificate().verify(rsaCa.certificate().getPublicKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "exa mple.com", "*.example.com", "-bad.example.com", "bad-.example.com",
            "a..b", ".example.com", "example.com..", "bücher.de", "1.2.3", "256.1.1.1", "01.2.3.4", "1.2.3.4.5",
            "[::1", "::1]", "[]", "1::2::3", "fe80::1%eth0", "[127.0.0.1]", "host:443", "a/b", "a\u0000b",
            "example.com\n"})
    void refusesWhatIsNotAHostOrIpLiteral(String host) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LeafMinter(ca, clock).mint(host));
        assertTrue(e.getMessage().startsWith("not a valid host name or IP literal"), e.getMessage());
    }

    @Test void refusesOverlongNames() {
        String label = "a".repeat(63);
        String name = String.join(".", label, label, label, "b".repeat(61)); // 253 characters
        assertEquals(253, name.length());
        assertEquals(name, new LeafMinter(ca, clock).mint(name).host());
        assertThrows(IllegalArgumentException.class, () -> new LeafMinter(ca, clock).mint(name + "c"));
        assertThrows(IllegalArgumentException.class, () -> new LeafMinter(ca, clock).mint("a".repeat(64) + ".com"));
    }

    @ParameterizedTest
    // Not "my_host.internal": it mints, but the JDK's TLS client refuses underscores in host names outright.
    @ValueSource(strings = {"localhost", "api.example.com", "xn--bcher-kva.de"})
    void aClientTrustingOnlyTheCaAcceptsTheLeafForItsHost(String host) throws Exception {
        Leaf leaf = new LeafMinter(ca, Clock.systemUTC()).mint(host);
        X509Certificate[] seen = Tls.handshake(leaf, Tls.trusting(ca.certificate()), host);
        assertEquals(leaf.certificate(), seen[0]);
        assertEquals(ca.certificate(), seen[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aClientAcceptsIpLiteralLeaves(String host) throws Exception {
        Leaf leaf = new LeafMinter(ca, Clock.systemUTC()).mint(host);
        Tls.handshake(leaf, Tls.trusting(ca.certificate()), host);
    }

    @Test void aLongHostWithoutCnStillVerifies() throws Exception {
        String host = "a".repeat(60) + ".example.com";
        Tls.handshake(new LeafMinter(ca, Clock.systemUTC()).mint(host), Tls.trusting(ca.certificate()), host);
    }

    @Test void aLeafForAnotherHostIsRefusedByTheClient() throws Exception {
        Leaf leaf = new LeafMinter(ca, Clock.systemUTC()).mint("other.example.com");
        assertThrows(SSLHandshakeException.class, () -> Tls.handshake(leaf, Tls.trusting(ca.certificate()), "api.example.com"));
    }

    @Test void aClientTrustingAnotherCaRefusesTheLeaf() throws Exception {
        Leaf leaf = new LeafMinter(ca, Clock.systemUTC()).mint("api.example.com");
        assertThrows(SSLHandshakeException.class, () -> Tls.handshake(leaf, Tls.trusting(rsaCa.certificate()), "api.example.com"));
    }
}
