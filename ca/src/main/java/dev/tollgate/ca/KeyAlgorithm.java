package dev.tollgate.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

/** Key type of a newly created CA: ECDSA P-256 (default) or RSA-3072. Leaves are always ECDSA P-256. */
public enum KeyAlgorithm {
    EC, RSA;

    KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(name());
        if (this == EC) g.initialize(new ECGenParameterSpec("secp256r1"), random);
        else g.initialize(3072, random);
        return g.generateKeyPair();
    }

    /** The algorithm of {@code key}, or null when it is neither EC nor RSA. */
    static KeyAlgorithm of(java.security.Key key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> EC;
            case "RSA" -> RSA;
            default -> null;
        };
    }

    /** What a certificate signed by {@code signer} uses: SHA-256 with the signer's algorithm. */
    static String signatureAlgorithm(PrivateKey signer) {
        KeyAlgorithm alg = of(signer);
        if (alg == null) throw new IllegalArgumentException("unsupported CA key algorithm " + signer.getAlgorithm());
        return alg == EC ? "SHA256withECDSA" : "SHA256withRSA";
    }

    /** For people: {@code EC P-256}, {@code RSA 3072}. */
    static String describe(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            return bits == 256 ? "EC P-256 (ECDSA)" : "EC " + bits + "-bit (ECDSA)";
        }
        if (key instanceof RSAPublicKey rsa) return "RSA " + rsa.getModulus().bitLength();
        return key.getAlgorithm();
    }
}
