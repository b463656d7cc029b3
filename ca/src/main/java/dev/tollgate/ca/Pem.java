package dev.tollgate.ca;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text of certificates and keys, and reading them back from the CA's files. */
final class Pem {
    private Pem() {}

    static String certificate(X509Certificate cert) {
        try {
            return write(new PemObject("CERTIFICATE", cert.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    /** PKCS#8 ({@code BEGIN PRIVATE KEY}), unencrypted: the file's mode is its protection. */
    static String privateKey(PrivateKey key) {
        return write(new PemObject("PRIVATE KEY", key.getEncoded()));
    }

    private static String write(PemObject object) {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** The first certificate in a PEM file. */
    static X509Certificate readCertificate(Path file) throws IOException {
        Object first = readFirst(file, "a certificate");
        if (!(first instanceof X509CertificateHolder holder)) {
            throw new CaException(file, file + " does not hold a PEM certificate (found " + describe(first)
                    + "); restore the CA's certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new CaException(file, file + " holds a certificate that cannot be parsed: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 or traditional (OpenSSL) unencrypted private key. */
    static PrivateKey readPrivateKey(Path file) throws IOException {
        Object first = readFirst(file, "a private key");
        try {
            if (first instanceof PrivateKeyInfo info) return new JcaPEMKeyConverter().getPrivateKey(info);
            if (first instanceof PEMKeyPair pair) return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new CaException(file, file + " holds a private key that cannot be read: " + e.getMessage(), e);
        }
        throw new CaException(file, file + " does not hold an unencrypted PEM private key (found " + describe(first)
                + "); Tollgate needs the key as PKCS#8 \"BEGIN PRIVATE KEY\"");
    }

    private static Object readFirst(Path file, String what) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1); // PEM is ASCII; never fail on bytes
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object first = parser.readObject();
            if (first == null) throw new CaException(file, file + " is not PEM: expected " + what);
            return first;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CaException ce) throw ce;
            throw new CaException(file, file + " is not valid PEM (expected " + what + "): " + e.getMessage(), e);
        }
    }

    private static String describe(Object o) {
        if (o instanceof X509CertificateHolder) return "a certificate";
        if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair) return "a private key";
        if (o instanceof org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo
                || o instanceof org.bouncycastle.openssl.PEMEncryptedKeyPair) return "an encrypted private key";
        return o.getClass().getSimpleName();
    }
}
