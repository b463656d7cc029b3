package dev.tollgate.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {
    // Real time (whole seconds, as certificates hold), so that handshakes under the system clock work.
    static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    @TempDir Path tmp;
    final MutableClock clock = new MutableClock(NOW);

    private CertificateAuthority create(Path dir, KeyAlgorithm alg) throws Exception {
        return CertificateAuthority.loadOrCreate(dir, alg, clock, "build-host");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void firstStartCreatesACaCertificateWithEveryRequiredField(KeyAlgorithm alg) throws Exception {
        Path dir = tmp.resolve("data/ca");
        CertificateAuthority ca = create(dir, alg);
        assertTrue(ca.created());
        X509Certificate c = ca.certificate();
        X509CertificateHolder h = new X509CertificateHolder(c.getEncoded());

        X500Name subject = h.getSubject();
        assertEquals("Tollgate CA build-host", IETFUtils.valueToString(subject.getRDNs(BCStyle.CN)[0].getFirst().getValue()));
        assertEquals("Tollgate", IETFUtils.valueToString(subject.getRDNs(BCStyle.O)[0].getFirst().getValue()));
        assertEquals(subject, h.getIssuer());
        c.verify(c.getPublicKey()); // self-signed

        Extension bc = h.getExtension(Extension.basicConstraints);
        assertTrue(bc.isCritical());
        BasicConstraints constraints = BasicConstraints.getInstance(bc.getParsedValue());
        assertTrue(constraints.isCA());
        assertEquals(0, constraints.getPathLenConstraint().intValue());
        assertEquals(0, c.getBasicConstraints());

        assertTrue(h.getExtension(Extension.keyUsage).isCritical());
        boolean[] ku = c.getKeyUsage();
        assertTrue(ku[5] && ku[6], "keyCertSign and cRLSign");
        for (int i = 0; i < ku.length; i++) if (i != 5 && i != 6) assertFalse(ku[i], "key usage bit " + i);

        Extension ski = h.getExtension(Extension.subjectKeyIdentifier);
        assertFalse(ski.isCritical());
        byte[] expectedSki = MessageDigest.getInstance("SHA-1").digest(h.getSubjectPublicKeyInfo().getPublicKeyData().getBytes());
        assertArrayEquals(expectedSki, SubjectKeyIdentifier.getInstance(ski.getParsedValue()).getKeyIdentifier());

        assertEquals(NOW.minus(Duration.ofMinutes(5)), c.getNotBefore().toInstant());
        assertEquals(NOW.atOffset(ZoneOffset.UTC).plusYears(2).toInstant(), c.getNotAfter().toInstant());

        assertTrue(c.getSerialNumber().signum() > 0);
        assertEquals(128, c.getSerialNumber().bitLength());
        assertNotEquals(c.getSerialNumber(), create(tmp.resolve("other"), alg).certificate().getSerialNumber());

        if (alg == KeyAlgorithm.EC) {
            assertEquals("SHA256withECDSA", c.getSigAlgName());
            assertEquals(256, ((ECPublicKey) c.getPublicKey()).getParams().getOrder().bitLength());
            assertEquals("EC P-256 (ECDSA)", ca.keyDescription());
        } else {
            assertEquals("SHA256withRSA", c.getSigAlgName());
            assertEquals(3072, ((RSAPublicKey) c.getPublicKey()).getModulus().bitLength());
            assertEquals("RSA 3072", ca.keyDescription());
        }
        assertEquals(alg, ca.keyAlgorithm());
    }

    @Test void filesAreWrittenWithPrivateKeyMode0600InA0700Directory() throws Exception {
        Path dir = tmp.resolve("data/ca");
        CertificateAuthority ca = create(dir, KeyAlgorithm.EC);
        assertEquals(dir.resolve("tollgate-ca.crt"), ca.certificateFile());
        assertEquals(dir.resolve("tollgate-ca.key"), ca.keyFile());
        assertEquals("rw-------", mode(ca.keyFile()));
        assertEquals("rw-r--r--", mode(ca.certificateFile()));
        assertEquals("rwx------", mode(dir));
        String key = Files.readString(ca.keyFile());
        assertTrue(key.startsWith("-----BEGIN PRIVATE KEY-----"), key);
        assertEquals(ca.pemCertificate(), Files.readString(ca.certificateFile()));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    @Test void anExistingCaIsLoadedUnchangedAndNeverOverwritten() throws Exception {
        Path dir = tmp.resolve("ca");
        CertificateAuthority first = create(dir, KeyAlgorithm.EC);
        byte[] cert = Files.readAllBytes(first.certificateFile());
        byte[] key = Files.readAllBytes(first.keyFile());
        clock.advance(Duration.ofDays(100));
        // Asking for RSA changes nothing: the existing CA keeps its own key type.
        CertificateAuthority again = CertificateAuthority.loadOrCreate(dir, KeyAlgorithm.RSA, clock);
        assertFalse(again.created());
        assertEquals(first.certificate(), again.certificate());
        assertEquals(first.fingerprintSha256(), again.fingerprintSha256());
        assertArrayEquals(cert, Files.readAllBytes(first.certificateFile()));
        assertArrayEquals(key, Files.readAllBytes(first.keyFile()));
        assertEquals(KeyAlgorithm.EC, again.keyAlgorithm());
    }

    @Test void concurrentCreatorsEndWithOneCa() throws Exception {
        Path dir = tmp.resolve("race/ca");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Callable<CertificateAuthority> task = () -> CertificateAuthority.loadOrCreate(dir, KeyAlgorithm.EC, clock, "h");
            List<Future<CertificateAuthority>> all = pool.invokeAll(List.of(task, task, task, task, task, task, task, task));
            X509Certificate expected = CertificateAuthority.loadIfPresent(dir, clock).orElseThrow().certificate();
            int created = 0;
            for (Future<CertificateAuthority> f : all) {
                CertificateAuthority ca = f.get(30, TimeUnit.SECONDS);
                assertEquals(expected, ca.certificate());
                if (ca.created()) created++;
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test void aHalfJustWrittenIsWaitedForThenRefused() throws Exception {
        CertificateAuthority ca = create(tmp.resolve("a"), KeyAlgorithm.EC);
        Files.delete(ca.certificateFile());
        long start = System.nanoTime();
        assertThrows(CaException.class, () -> create(tmp.resolve("a"), KeyAlgorithm.EC));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 4_000 && waitedMs < 15_000, "waited " + waitedMs + " ms");
    }

    @Test void loadIfPresentIsEmptyWithoutFiles() throws Exception {
        assertTrue(CertificateAuthority.loadIfPresent(tmp.resolve("none"), clock).isEmpty());
        assertFalse(Files.exists(tmp.resolve("none")), "loading creates nothing");
    }

    @Test void aKeyReadableByOthersIsRefusedWithTheFix() throws Exception {
        CertificateAuthority ca = create(tmp.resolve("ca"), KeyAlgorithm.EC);
        Files.setPosixFilePermissions(ca.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        CaException e = assertThrows(CaException.class, () -> create(tmp.resolve("ca"), KeyAlgorithm.EC));
        assertEquals(ca.keyFile(), e.file());
        assertTrue(e.getMessage().contains("chmod 600 " + ca.keyFile()), e.getMessage());
        assertTrue(e.getMessage().contains("0644"), e.getMessage());
        Files.setPosixFilePermissions(ca.keyFile(), PosixFilePermissions.fromString("rw-rw----"));
        assertThrows(CaException.class, () -> create(tmp.resolve("ca"), KeyAlgorithm.EC));
    }

    @Test void aMissingHalfIsRefusedAndNotReplaced() throws Exception {
        CertificateAuthority ca = create(tmp.resolve("a"), KeyAlgorithm.EC);
        Files.delete(ca.certificateFile());
        // An old file: a half written moments ago is a creation in progress, waited for (below).
        Files.setLastModifiedTime(ca.keyFile(), java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(60)));
        CaException e = assertThrows(CaException.class, () -> create(tmp.resolve("a"), KeyAlgorithm.EC));
        assertEquals(ca.certificateFile(), e.file());
        assertTrue(e.getMessage().contains("CA certificate " + ca.certificateFile() + " is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("remove " + ca.keyFile()), e.getMessage());
        assertFalse(Files.exists(ca.certificateFile()));

        CertificateAuthority other = create(tmp.resolve("b"), KeyAlgorithm.EC);
        Files.delete(other.keyFile());
        Files.setLastModifiedTime(other.certificateFile(), java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(60)));
        e = assertThrows(CaException.class, () -> create(tmp.resolve("b"), KeyAlgorithm.EC));
        assertEquals(other.keyFile(), e.file());
        assertTrue(e.getMessage().contains("CA key " + other.keyFile() + " is missing"), e.getMessage());
        assertFalse(Files.exists(other.keyFile()));
    }

    @Test void aKeyFromAnotherCaIsRefused() throws Exception {
        CertificateAuthority a = create(tmp.resolve("a"), KeyAlgorithm.EC);
        CertificateAuthority b = create(tmp.resolve("b"), KeyAlgorithm.EC);
        Files.write(a.keyFile(), Files.readAllBytes(b.keyFile()));
        CaException e = assertThrows(CaException.class, () -> create(tmp.resolve("a"), KeyAlgorithm.EC));
        assertEquals(a.keyFile(), e.file());
        assertTrue(e.getMessage().contains("does not belong to the certificate " + a.certificateFile()), e.getMessage());

        // Another key type altogether is refused the same way.
        CertificateAuthority rsa = create(tmp.resolve("rsa"), KeyAlgorithm.RSA);
        Files.write(a.keyFile(), Files.readAllBytes(rsa.keyFile()));
        assertThrows(CaException.class, () -> create(tmp.resolve("a"), KeyAlgorithm.EC));
    }

    @Test void aCertificateThatIsNotACaIsRefused() throws Exception {
        CertificateAuthority ca = create(tmp.resolve("ca"), KeyAlgorithm.EC);
        Leaf leaf = new LeafMinter(ca, clock).mint("example.com");
        Path dir = tmp.resolve("leaf");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tollgate-ca.crt"), CertificateExport.pem(leaf.certificate()));
        Files.writeString(dir.resolve("tollgate-ca.key"), Pem.privateKey(leaf.key()));
        Files.setPosixFilePermissions(dir.resolve("tollgate-ca.key"), PosixFilePermissions.fromString("rw-------"));
        CaException e = assertThrows(CaException.class, () -> create(dir, KeyAlgorithm.EC));
        assertEquals(dir.resolve("tollgate-ca.crt"), e.file());
        assertTrue(e.getMessage().contains("is not a CA certificate"), e.getMessage());
    }

    @Test void anExpiredCaIsRefused() throws Exception {
        CertificateAuthority ca = create(tmp.resolve("ca"), KeyAlgorithm.EC);
        clock.set(ca.notAfter().plusSeconds(1));
        CaException e = assertThrows(CaException.class, () -> create(tmp.resolve("ca"), KeyAlgorithm.EC));
        assertEquals(ca.certificateFile(), e.file());
        assertTrue(e.getMessage().contains("expired on " + ca.notAfter()), e.getMessage());
    }

    @Test void unparsablePemIsRefusedNamingTheFile() throws Exception {
        CertificateAuthority ca = create(tmp.resolve("ca"), KeyAlgorithm.EC);
        byte[] goodCert = Files.readAllBytes(ca.certificateFile());
        Files.writeString(ca.certificateFile(), "not a certificate\n");
        CaException e = assertThrows(CaException.class, () -> create(tmp.resolve("ca"), KeyAlgorithm.EC));
        assertEquals(ca.certificateFile(), e.file());
        assertTrue(e.getMessage().startsWith(ca.certificateFile().toString()), e.getMessage());

        Files.write(ca.certificateFile(), goodCert);
        Files.writeString(ca.keyFile(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        e = assertThrows(CaException.class, () -> create(tmp.resolve("ca"), KeyAlgorithm.EC));
        assertEquals(ca.keyFile(), e.file());

        Files.writeString(ca.keyFile(), ca.pemCertificate()); // a certificate where the key should be
        e = assertThrows(CaException.class, () -> create(tmp.resolve("ca"), KeyAlgorithm.EC));
        assertTrue(e.getMessage().contains("found a certificate"), e.getMessage());
    }

    @Test void exportsPemDerPkcs12AndFingerprint() throws Exception {
        CertificateAuthority ca = create(tmp.resolve("ca"), KeyAlgorithm.EC);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        assertEquals(ca.certificate(), cf.generateCertificate(new ByteArrayInputStream(ca.derCertificate())));
        assertEquals(ca.certificate(), cf.generateCertificate(
                new ByteArrayInputStream(ca.pemCertificate().getBytes(StandardCharsets.US_ASCII))));
        assertTrue(ca.pemCertificate().startsWith("-----BEGIN CERTIFICATE-----\n"));

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(ca.pkcs12("changeit".toCharArray())), "changeit".toCharArray());
        assertEquals(List.of("tollgate-ca"), java.util.Collections.list(ks.aliases()));
        assertTrue(ks.isCertificateEntry("tollgate-ca"), "a trusted certificate entry, not a key entry");
        assertEquals(ca.certificate(), ks.getCertificate("tollgate-ca"));
        assertThrows(java.io.IOException.class, () -> KeyStore.getInstance("PKCS12")
                .load(new ByteArrayInputStream(ca.pkcs12("secret".toCharArray())), "wrong".toCharArray()));

        // The trust store a Java client would use accepts a leaf of this CA.
        Leaf leaf = new LeafMinter(ca, java.time.Clock.systemUTC()).mint("localhost");
        Tls.handshake(leaf, Tls.trusting(ks), "localhost");

        String hex = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.derCertificate()));
        assertEquals(hex, ca.fingerprintSha256().replace(":", ""));
        assertTrue(ca.fingerprintSha256().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), ca.fingerprintSha256());
    }

    @Test void keyIdentifierIsReadBackFromTheCertificate() throws Exception {
        CertificateAuthority ca = create(tmp.resolve("ca"), KeyAlgorithm.EC);
        byte[] ext = ca.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId());
        byte[] fromCert = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
        assertArrayEquals(fromCert, ca.subjectKeyId());
    }
}
