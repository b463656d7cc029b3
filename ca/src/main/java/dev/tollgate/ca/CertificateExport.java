package dev.tollgate.ca;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** A certificate in the forms trust stores take: PEM, DER, PKCS#12; and its fingerprint. */
public final class CertificateExport {
    /** The JDK's own trust store password, which Java tools assume. */
    public static final String DEFAULT_PKCS12_PASSWORD = "changeit";
    public static final String ALIAS = "tollgate-ca";

    private CertificateExport() {}

    public static String pem(X509Certificate cert) {
        return Pem.certificate(cert);
    }

    public static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    /**
     * A PKCS#12 trust store holding {@code cert} as a trusted certificate entry (no key), under
     * {@code alias}: {@code -Djavax.net.ssl.trustStore=FILE -Djavax.net.ssl.trustStorePassword=...}.
     */
    public static byte[] pkcs12(X509Certificate cert, String alias, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry(alias, cert);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write a PKCS#12 trust store: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the DER, upper-case hex pairs separated by colons, as {@code openssl x509 -fingerprint -sha256}. */
    public static String fingerprintSha256(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der(cert));
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest).toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
