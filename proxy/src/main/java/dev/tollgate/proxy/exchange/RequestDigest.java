package dev.tollgate.proxy.exchange;

import dev.tollgate.engine.util.Hashing;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The request digest that binds an approval to exactly one request (SPEC §5.3):
 * {@code sha256hex(method + "\n" + absoluteUrl + "\n" + sha256hex(body))}.
 *
 * <p>A streamed body ({@link StreamedBody}) is decided before its bytes arrive, so its digest
 * ({@link #streamed}) cannot cover them: in place of the body's hash it has a marker that the body
 * was not inspected, its framing (Content-Length or chunked) and the headers that say how to read it
 * (Content-Type, Content-Encoding). It never equals a buffered request's digest, so a streamed
 * approval can never be claimed by a request whose body was buffered, or the reverse. What was
 * actually streamed (SHA-256 and byte count) is recorded in the intent's outcome.
 */
public final class RequestDigest {
    private static final MessageDigest PROTOTYPE = newSha256();
    public static final String EMPTY_BODY_SHA256 = Hashing.sha256Hex(new byte[0]);

    private RequestDigest() {}

    public static String of(String method, String absoluteUrl, String bodySha256) {
        return Hashing.sha256Hex(method + "\n" + absoluteUrl + "\n" + bodySha256);
    }

    /** The digest of a request whose body streams: everything but the body's bytes, and a marker instead. */
    public static String streamed(String method, String absoluteUrl, long contentLength, String contentType,
                                  String contentEncoding) {
        String framing = contentLength < 0 ? "chunked" : "content-length=" + contentLength;
        String body = "body-not-inspected\n" + framing + "\ncontent-type=" + (contentType == null ? "" : contentType)
                + "\ncontent-encoding=" + (contentEncoding == null ? "" : contentEncoding);
        return of(method, absoluteUrl, Hashing.sha256Hex(body));
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
