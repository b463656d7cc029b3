package dev.tollgate.tasks.files;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathScreenTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "", "../etc/passwd", "a/../../b", "a/..", "..", "%2e%2e/etc", "%2E%2E%2Fetc", "a%2fb", "a%5cb", "a%00b",
        "%252e%252e/x", "%25252e", "a\\b", "~/x", "~root", "a/*.txt", "a?", "[ab]", "a]", "a\u0000b", "a\nb",
        "a\tb", "a\u007fb", "a\u0085b", "a\u200bb", "a\u202eb", "a\u2066b", "\ufeffa", "a\u00a0b", "a\u2028b",
        "a\u3164b", "\uff0e\uff0e/x", "a\uff3cb", "%c0%ae%c0%ae/", "%u002e%u002e/", "a\ud800b",
    })
    void rejects(String path) {
        assertNotNull(PathScreen.reject(path), () -> "should reject " + escape(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "/srv/root/a.txt", "./a", "a/./b", "...", "a..b", "..a", "100%", "%41", "héllo.txt",
        "日本語/ファイル.md", "a b.txt", "a//b", "dir/"})
    void accepts(String path) {
        assertNull(PathScreen.reject(path), () -> "should accept " + escape(path));
    }

    @Test
    void lengthLimits() {
        assertNull(PathScreen.reject("a".repeat(255)));
        assertNotNull(PathScreen.reject("a".repeat(256)));
        assertNotNull(PathScreen.reject("é".repeat(128)));          // 256 bytes in UTF-8
        String path = ("/" + "a".repeat(200)).repeat(20);           // 4020 bytes: fine
        assertNull(PathScreen.reject(path));
        assertNotNull(PathScreen.reject(path + "/" + "b".repeat(100))); // > 4096 bytes
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> b.append(cp < 0x20 || cp > 0x7e ? String.format("\\u%04x", cp) : String.valueOf((char) cp)));
        return b.toString();
    }
}
