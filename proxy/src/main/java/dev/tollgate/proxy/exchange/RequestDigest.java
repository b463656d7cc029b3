package dev.tollgate.proxy.exchange;

import dev.tollgate.engine.util.Hashing;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The request digest that binds an approval to exactly one request (SPEC §5.3):
 * {@code sha256hex(method + "\n" + absoluteUrl + "\n" + sha256hex(body))}.
 */
public final class RequestDigest {
    private static final MessageDigest PROTOTYPE = newSha256();
    public static final String EMPTY_BODY_SHA256 = Hashing.sha256Hex(new byte[0]);

    private RequestDigest() {}

    public static String of(String method, String absoluteUrl, String bodySha256) {
        return Hashing.sha256Hex(method + "\n" + absoluteUrl + "\n" + bodySha256);
    }

    /** A fresh SHA-256 (cloned from a prototype: cheaper than a provider lookup per request). */
    public static MessageDigest sha256() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    public static String hex(MessageDigest md) { return HexFormat.of().formatHex(md.digest()); }

    public static void update(MessageDigest md, ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) md.update(b);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
