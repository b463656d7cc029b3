package dev.tollgate.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The self-signed certificate of a new Tollgate CA (SPEC §6). */
final class RootCertificate {
    /** Clients whose clock runs a little behind must not see a certificate from the future. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    static final int VALIDITY_YEARS = 2;
    private static final int MAX_CN = 64; // ub-common-name, RFC 5280

    private RootCertificate() {}

    static X509Certificate create(KeyPair keys, String hostname, Instant now, SecureRandom random)
            throws GeneralSecurityException {
        String cn = "Tollgate CA " + hostname;
        if (cn.length() > MAX_CN) cn = cn.substring(0, MAX_CN);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Tollgate").addRDN(BCStyle.CN, cn).build();
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, Serials.random(random),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, keys.getPublic());
        try {
            // pathLen 0: this CA signs leaves only, never another CA, so a stolen leaf key cannot mint.
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(KeyIdentifiers.of(keys.getPublic())));
            return new JcaX509CertificateConverter().getCertificate(b.build(
                    new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithm(keys.getPrivate())).build(keys.getPrivate())));
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot build the CA certificate: " + e.getMessage(), e);
        }
    }
}
