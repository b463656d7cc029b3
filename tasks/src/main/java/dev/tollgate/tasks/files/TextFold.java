package dev.tollgate.tasks.files;

import java.text.Normalizer;
import java.util.Locale;

/**
 * NFKC + case folding, applied alike to exclude globs and to the paths matched against them, so
 * that {@code .ENV}, {@code .ｅｎｖ} (fullwidth) and {@code .env} are one name to the excludes.
 * Java has no full Unicode case fold; upper-then-lower casing approximates it and handles the
 * cases that change length (ß → ss) and the final sigma; NFKC before and after catches compatibility
 * forms (Kelvin sign, ligatures) that casing alone misses.
 */
final class TextFold {
    private TextFold() {}

    static String fold(String s) {
        if (isAscii(s)) return s.toLowerCase(Locale.ROOT); // NFKC and casing agree with this on ASCII
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        n = n.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(n, Normalizer.Form.NFKC);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) return false;
        }
        return true;
    }
}
