package dev.tollgate.tasks.exec;

import java.nio.charset.StandardCharsets;

/** Decoding of captured output that was cut at a byte count. */
final class Utf8 {
    private Utf8() {}

    /**
     * Decodes {@code len} bytes as UTF-8, invalid sequences becoming U+FFFD. When {@code cut},
     * the bytes end where the cap fell, so a character whose tail was cut off is dropped rather
     * than shown as a replacement character that the command never wrote.
     */
    static String decode(byte[] bytes, int len, boolean cut) {
        int end = cut ? completeLength(bytes, len) : len;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** {@code len}, less a trailing incomplete multibyte sequence if there is one. */
    static int completeLength(byte[] b, int len) {
        // The lead byte of the last character is at most 3 bytes back from the end.
        for (int i = len - 1; i >= 0 && i >= len - 4; i--) {
            int v = b[i] & 0xFF;
            if ((v & 0xC0) == 0x80) continue; // continuation byte: keep looking for the lead
            int need = v >= 0xF0 ? 4 : v >= 0xE0 ? 3 : v >= 0xC0 ? 2 : 1;
            return i + need > len ? i : len;
        }
        return len; // no lead byte nearby: not UTF-8 anyway, let the decoder replace it
    }
}
