package dev.tollgate.tasks.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static int cut(String s, int len) {
        return Utf8.completeLength(s.getBytes(StandardCharsets.UTF_8), len);
    }

    @Test void keepsCompleteCharacters() {
        assertEquals(3, cut("abc", 3));
        assertEquals(3, cut("a\u00e9", 3));          // 61 C3A9
        assertEquals(4, cut("a\u20ac", 4));          // 61 E282AC
        assertEquals(5, cut("a\uD83D\uDE00", 5));    // 61 F09F9880
    }

    @Test void dropsAPartialTrailingCharacter() {
        assertEquals(1, cut("a\u00e9", 2));
        assertEquals(1, cut("a\u20ac", 2));
        assertEquals(1, cut("a\u20ac", 3));
        assertEquals(1, cut("a\uD83D\uDE00", 4));
        assertEquals(0, cut("\uD83D\uDE00", 1));
        assertEquals(0, cut("", 0));
    }

    @Test void decodeOnlyTrimsWhenCut() {
        byte[] b = "a\u00e9".getBytes(StandardCharsets.UTF_8);
        assertEquals("a", Utf8.decode(b, 2, true));
        assertEquals("a\uFFFD", Utf8.decode(b, 2, false)); // the command really wrote half a character
    }
}
