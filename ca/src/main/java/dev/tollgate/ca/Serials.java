package dev.tollgate.ca;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Certificate serial numbers: 128 random bits, positive (RFC 5280 §4.1.2.2 allows up to 20 octets). */
final class Serials {
    private Serials() {}

    /**
     * The top bit is set so that every serial is exactly 128 bits long; the other 127 are random,
     * far above the 64 bits of entropy that make a serial unpredictable.
     */
    static BigInteger random(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return new BigInteger(1, bytes).setBit(127);
    }
}
