package dev.tollgate.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Mints the per-host server certificates the proxy presents inside intercepted tunnels (SPEC §6).
 * Thread-safe; every call makes a fresh key and certificate (caching is {@link LeafCache}'s job).
 */
public final class LeafMinter {
    static final Duration BACKDATE = Duration.ofMinutes(5);
    static final Duration LIFETIME = Duration.ofDays(7);
    /** Subject CN is limited to 64 characters (RFC 5280 ub-common-name); longer hosts get only a SAN. */
    static final int MAX_CN = 64;

    private final CertificateAuthority ca;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final String signatureAlgorithm;
    private final AuthorityKeyIdentifier authorityKeyId;

    public LeafMinter(CertificateAuthority ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
        this.signatureAlgorithm = KeyAlgorithm.signatureAlgorithm(ca.privateKey());
        this.authorityKeyId = new AuthorityKeyIdentifier(ca.subjectKeyId());
    }

    /**
     * A leaf for {@code host}: a host name (already ASCII) or an IP literal, brackets allowed.
     *
     * @throws IllegalArgumentException when {@code host} is neither
     * @throws CaException              when the CA has expired (no valid leaf can be made)
     */
    public Leaf mint(String host) {
        LeafHost h = LeafHost.parse(host);
        X509Certificate caCert = ca.certificate();
        Instant now = clock.instant();
        Instant caEnd = caCert.getNotAfter().toInstant();
        Instant notAfter = now.plus(LIFETIME);
        if (notAfter.isAfter(caEnd)) notAfter = caEnd; // a leaf outliving its CA would not verify anyway
        if (!notAfter.isAfter(now)) {
            throw new CaException(ca.certificateFile(), "CA certificate " + ca.certificateFile() + " expired on " + caEnd
                    + ": restart Tollgate after moving " + ca.certificateFile().getParent() + " aside to create a new CA");
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = g.generateKeyPair();
            boolean withCn = h.value().length() < MAX_CN;
            X500Name subject = withCn
                    ? new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, h.value()).build()
                    : new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, Serials.random(random),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, keys.getPublic());
            GeneralName san = h.ip()
                    ? new GeneralName(GeneralName.iPAddress, new DEROctetString(h.addressBytes()))
                    : new GeneralName(GeneralName.dNSName, h.value());
            // RFC 5280 §4.2.1.6: with an empty subject, the SAN must be critical.
            b.addExtension(Extension.subjectAlternativeName, !withCn, new GeneralNames(san));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(KeyIdentifiers.of(keys.getPublic())));
            b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(signatureAlgorithm).build(ca.privateKey())));
            return new Leaf(h.value(), keys.getPrivate(), new X509Certificate[] {leaf, caCert},
                    leaf.getNotAfter().toInstant());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot mint a certificate for " + h.value() + ": " + e.getMessage(), e);
        }
    }

    public CertificateAuthority authority() { return ca; }
}
