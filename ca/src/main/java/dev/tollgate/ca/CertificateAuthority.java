package dev.tollgate.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Tollgate's certificate authority: {@code tollgate-ca.crt} (PEM, public) and
 * {@code tollgate-ca.key} (PKCS#8 PEM, mode 0600) in the CA directory (SPEC §6). Created once,
 * then loaded as is on every start; existing files are never overwritten, and files that cannot
 * be used are refused with a {@link CaException} naming the file and the fix, so a broken CA
 * stops the server instead of silently minting from a CA nobody trusts.
 */
public final class CertificateAuthority {
    public static final String CERT_FILE = "tollgate-ca.crt";
    public static final String KEY_FILE = "tollgate-ca.key";
    /** How long a process that lost the race to create the CA waits for the winner to finish. */
    private static final long CREATE_WAIT_MS = 5_000;

    private final Path certFile;
    private final Path keyFile;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final byte[] subjectKeyId;
    private final boolean created;

    private CertificateAuthority(Path certFile, Path keyFile, X509Certificate certificate, PrivateKey key, boolean created) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.certificate = certificate;
        this.key = key;
        this.subjectKeyId = KeyIdentifiers.subjectKeyId(certificate);
        this.created = created;
    }

    /**
     * Loads the CA from {@code caDir}, or creates it there when neither file exists.
     *
     * @param alg   key type of a new CA; an existing CA keeps its own
     * @param clock for validity (creation) and the expiry check (loading)
     * @throws CaException when the files exist but cannot be used
     */
    public static CertificateAuthority loadOrCreate(Path caDir, KeyAlgorithm alg, Clock clock) throws IOException {
        return loadOrCreate(caDir, alg, clock, LocalHostName.get());
    }

    /** As {@link #loadOrCreate(Path, KeyAlgorithm, Clock)}, naming a new CA after {@code hostname}. */
    public static CertificateAuthority loadOrCreate(Path caDir, KeyAlgorithm alg, Clock clock, String hostname)
            throws IOException {
        Optional<CertificateAuthority> existing;
        try {
            existing = loadIfPresent(caDir, clock);
        } catch (CaException e) {
            // Another process may be between writing the key and the certificate: give it time.
            if (e.missingHalf() && halfJustWritten(caDir)) return awaitOther(caDir, clock);
            throw e;
        }
        if (existing.isPresent()) return existing.get();
        try {
            return create(caDir, alg, clock, hostname);
        } catch (FileAlreadyExistsException raced) {
            // Another process (a second `serve`, `tollgate env`) is creating it: use theirs.
            return awaitOther(caDir, clock);
        }
    }

    /**
     * The CA in {@code caDir}, or empty when neither of its files exists.
     *
     * @throws CaException when only one file exists, or the files cannot be used
     */
    public static Optional<CertificateAuthority> loadIfPresent(Path caDir, Clock clock) throws IOException {
        Path certFile = caDir.resolve(CERT_FILE);
        Path keyFile = caDir.resolve(KEY_FILE);
        boolean cert = Files.exists(certFile);
        boolean key = Files.exists(keyFile);
        if (!cert && !key) return Optional.empty();
        if (!key) {
            throw new CaException(keyFile, "CA key " + keyFile + " is missing but its certificate " + certFile
                    + " exists: restore the key, or remove " + certFile + " to create a new CA"
                    + " (every client must then trust the new CA)", true);
        }
        if (!cert) {
            throw new CaException(certFile, "CA certificate " + certFile + " is missing but its key " + keyFile
                    + " exists: restore the certificate, or remove " + keyFile + " to create a new CA"
                    + " (every client must then trust the new CA)", true);
        }
        return Optional.of(load(certFile, keyFile, clock));
    }

    private static CertificateAuthority load(Path certFile, Path keyFile, Clock clock) throws IOException {
        KeyFiles.checkPrivate(keyFile);
        X509Certificate cert = Pem.readCertificate(certFile);
        if (cert.getBasicConstraints() < 0 || !canSignCertificates(cert)) {
            throw new CaException(certFile, certFile + " is not a CA certificate (it lacks basicConstraints CA:true"
                    + " and keyCertSign); put the Tollgate CA certificate there, or remove both " + certFile
                    + " and " + keyFile + " to create a new CA");
        }
        Instant now = clock.instant();
        if (!now.isBefore(cert.getNotAfter().toInstant())) {
            throw new CaException(certFile, "CA certificate " + certFile + " expired on " + cert.getNotAfter().toInstant()
                    + ": move " + certFile.getParent() + " aside to create a new CA (every client must then trust the new CA)");
        }
        PrivateKey key = Pem.readPrivateKey(keyFile);
        if (!matches(key, cert.getPublicKey())) {
            throw new CaException(keyFile, "CA key " + keyFile + " does not belong to the certificate " + certFile
                    + ": restore the matching pair, or remove both files to create a new CA"
                    + " (every client must then trust the new CA)");
        }
        return new CertificateAuthority(certFile, keyFile, cert, key, false);
    }

    private static CertificateAuthority create(Path caDir, KeyAlgorithm alg, Clock clock, String hostname)
            throws IOException {
        KeyFiles.createPrivateDirectories(caDir);
        Path certFile = caDir.resolve(CERT_FILE);
        Path keyFile = caDir.resolve(KEY_FILE);
        X509Certificate cert;
        KeyPair keys;
        try {
            SecureRandom random = new SecureRandom();
            keys = alg.generate(random);
            cert = RootCertificate.create(keys, hostname, clock.instant(), random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a " + alg + " CA: " + e.getMessage(), e);
        }
        // Key first: a crash in between leaves a key without certificate, which load() refuses
        // with a message, rather than a certificate clients could trust with no key behind it.
        KeyFiles.writeNew(keyFile, Pem.privateKey(keys.getPrivate()).getBytes(StandardCharsets.US_ASCII), KeyFiles.PRIVATE);
        KeyFiles.writeNew(certFile, Pem.certificate(cert).getBytes(StandardCharsets.US_ASCII), KeyFiles.PUBLIC);
        return new CertificateAuthority(certFile, keyFile, cert, keys.getPrivate(), true);
    }

    private static CertificateAuthority awaitOther(Path caDir, Clock clock) throws IOException {
        long deadline = System.nanoTime() + CREATE_WAIT_MS * 1_000_000L;
        while (true) {
            try {
                Optional<CertificateAuthority> ca = loadIfPresent(caDir, clock);
                if (ca.isPresent()) return ca.get();
            } catch (CaException e) {
                if (!e.missingHalf() || System.nanoTime() > deadline) throw e;
            }
            if (System.nanoTime() > deadline) {
                throw new CaException(caDir, "the CA in " + caDir + " vanished while being created; try again");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the CA in " + caDir, e);
            }
        }
    }

    /**
     * Whether a refused half CA was a creation in progress rather than a broken CA: the second
     * file has appeared since, or the one there was written moments ago.
     */
    private static boolean halfJustWritten(Path caDir) {
        Path cert = caDir.resolve(CERT_FILE);
        Path key = caDir.resolve(KEY_FILE);
        boolean c = Files.exists(cert);
        boolean k = Files.exists(key);
        if (c && k) return true;
        if (!c && !k) return false;
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(k ? key : cert).toMillis();
            return age >= 0 && age < CREATE_WAIT_MS;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean canSignCertificates(X509Certificate cert) {
        boolean[] usage = cert.getKeyUsage();
        return usage == null || (usage.length > 5 && usage[5]); // keyCertSign; no extension = unrestricted
    }

    /**
     * Whether {@code key} is the private half of {@code pub}: a signature made with one verifies
     * with the other. Works alike for EC and RSA, and needs no key-format details.
     */
    private static boolean matches(PrivateKey key, PublicKey pub) {
        KeyAlgorithm alg = KeyAlgorithm.of(key);
        if (alg == null || alg != KeyAlgorithm.of(pub)) return false;
        try {
            String sigAlg = KeyAlgorithm.signatureAlgorithm(key);
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature s = Signature.getInstance(sigAlg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(sigAlg);
            v.initVerify(pub);
            v.update(challenge);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public X509Certificate certificate() { return certificate; }

    public String pemCertificate() { return CertificateExport.pem(certificate); }

    public byte[] derCertificate() { return CertificateExport.der(certificate); }

    /** A PKCS#12 trust store with the CA certificate as trusted entry {@code tollgate-ca}. */
    public byte[] pkcs12(char[] password) {
        return CertificateExport.pkcs12(certificate, CertificateExport.ALIAS, password);
    }

    public String fingerprintSha256() { return CertificateExport.fingerprintSha256(certificate); }

    /** For people: {@code EC P-256 (ECDSA)}, {@code RSA 3072}. */
    public String keyDescription() { return KeyAlgorithm.describe(certificate.getPublicKey()); }

    public KeyAlgorithm keyAlgorithm() { return KeyAlgorithm.of(certificate.getPublicKey()); }

    public Instant notAfter() { return certificate.getNotAfter().toInstant(); }

    public Path certificateFile() { return certFile; }

    public Path keyFile() { return keyFile; }

    /** Whether this call created the CA (the server logs it; {@code ca init} says so). */
    public boolean created() { return created; }

    PrivateKey privateKey() { return key; }

    byte[] subjectKeyId() { return subjectKeyId.clone(); }

    @Override public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + ", " + certFile + "]";
    }
}
