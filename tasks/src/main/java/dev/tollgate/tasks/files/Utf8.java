package dev.tollgate.tasks.files;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: a chunk is returned as text only when all of it is valid. */
final class Utf8 {
    private Utf8() {}

    /** The text, or null when {@code bytes} is not entirely valid UTF-8. */
    static String strict(byte[] bytes) {
        // Fast path: the JDK's replacing decoder is intrinsified; every malformed sequence becomes
        // U+FFFD, so a result without U+FFFD proves the input valid. Only a file that really
        // contains U+FFFD (or is malformed) pays for the strict decoder.
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) return s;
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
