package dev.tollgate.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A minted server certificate and its key.
 *
 * @param host     canonical host the certificate names ({@link LeafHost#value()})
 * @param key      the leaf's own fresh ECDSA P-256 key
 * @param chain    what a TLS server sends: the leaf, then the CA
 * @param notAfter end of the leaf's validity
 */
public record Leaf(String host, PrivateKey key, X509Certificate[] chain, Instant notAfter) {

    public X509Certificate certificate() { return chain[0]; }
}
