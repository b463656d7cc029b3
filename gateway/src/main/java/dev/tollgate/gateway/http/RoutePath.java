package dev.tollgate.gateway.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Path splitting and per-segment percent-decoding ({@code %2F} inside an id must not become a separator). */
final class RoutePath {
    private static final String[] ROOT = new String[0];

    private RoutePath() {
    }

    /**
     * Splits {@code /a/b/} into {@code [a, b]}: one trailing slash is tolerated. Returns null for a path that does
     * not start with '/'; an empty inner segment ({@code /a//b}) stays empty and so matches nothing.
     */
    static String[] split(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        int end = path.length();
        if (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 1) {
            return ROOT;
        }
        return path.substring(1, end).split("/", -1);
    }

    /** Decodes {@code %XX} escapes as UTF-8; '+' stays '+' (that rule is for query strings only). */
    static String decodeSegment(String segment) {
        if (isPlainAscii(segment)) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                bytes.write(c); // chars here are single bytes (see isPlainAscii)
                continue;
            }
            int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                throw invalid();
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid();
        }
    }

    /** The request line arrives as one char per byte; anything beyond ASCII must be re-read as UTF-8 too. */
    private static boolean isPlainAscii(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' || c > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static ApiException invalid() {
        return ApiException.badRequest("invalid_path", "malformed percent-encoding in request path", null);
    }
}
