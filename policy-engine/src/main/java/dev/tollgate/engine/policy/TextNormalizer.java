package dev.tollgate.engine.policy;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns text into the canonical word sequence that {@link TermMatcher} compares: Unicode NFKC,
 * case-folded, accents removed (NFD, combining marks dropped), leet mapped
 * ({@code 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s}), everything that is not a letter or digit after
 * that mapping turned into a word break, words joined by single spaces.
 *
 * <p>Each ideograph, hiragana and katakana character is its own word, because those scripts do
 * not separate words with spaces and a term must still be found inside a sentence.
 *
 * <p>Speed: payloads are mostly ASCII, for which NFKC and NFD are the identity, so an ASCII
 * character is mapped by a table lookup to its folded form or a space, one output character per
 * input character, and only runs of non-ASCII characters go through {@link Normalizer}. Splitting
 * at ASCII characters is safe: an ASCII character never composes with what precedes it, and a
 * combining mark after it is dropped anyway. {@link TermMatcher} reads that mapped text directly,
 * skipping runs of spaces itself, so large payloads are never copied a second time to collapse them.
 */
public final class TextNormalizer {
    /** ASCII character → folded, leet-mapped character, or a space for a word break. */
    private static final char[] ASCII = new char[128];

    static {
        Arrays.fill(ASCII, ' ');
        for (char c = '0'; c <= '9'; c++) ASCII[c] = c;
        for (char c = 'a'; c <= 'z'; c++) ASCII[c] = c;
        for (char c = 'A'; c <= 'Z'; c++) ASCII[c] = (char) (c + ('a' - 'A'));
        ASCII['0'] = 'o';
        ASCII['1'] = 'i';
        ASCII['3'] = 'e';
        ASCII['4'] = 'a';
        ASCII['5'] = 's';
        ASCII['7'] = 't';
        ASCII['@'] = 'a';
        ASCII['$'] = 's';
    }

    private TextNormalizer() {}

    /** The normalised words of {@code text}, separated by single spaces; "" when there are none. */
    public static String normalize(CharSequence text) {
        Mapped m = map(text.toString());
        StringBuilder out = new StringBuilder(m.length);
        for (int i = 0; i < m.length; i++) {
            char c = m.chars[i];
            if (c != ' ') {
                if (out.length() > 0 && m.chars[i - 1] == ' ') out.append(' ');
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code chars[0..length)}: the normalised letters and digits, with one or more spaces wherever
     * a word break is; not collapsed or trimmed.
     */
    record Mapped(char[] chars, int length) {}

    static Mapped map(String text) {
        int n = text.length();
        char[] out = new char[n];
        int len = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[len++] = ASCII[c];
                i++;
            } else {
                int end = i + 1;
                while (end < n && text.charAt(end) >= 0x80) end++;
                String run = foldRun(text.substring(i, end));
                // the ASCII rest maps one to one, so this keeps the fast path free of capacity checks
                if (len + run.length() + (n - end) > out.length) {
                    out = Arrays.copyOf(out, Math.max(out.length * 2, len + run.length() + (n - end)));
                }
                run.getChars(0, run.length(), out, len);
                len += run.length();
                i = end;
            }
        }
        return new Mapped(out, len);
    }

    /** A run of non-ASCII characters normalised, folded and mapped like ASCII ones. */
    private static String foldRun(String run) {
        String s = Normalizer.normalize(run, Normalizer.Form.NFKC);
        // Upper then lower approximates full case folding (ß → ss).
        s = s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        s = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(s.length() + 2);
        for (int k = 0; k < s.length(); ) {
            int cp = s.codePointAt(k);
            k += Character.charCount(cp);
            if (cp < 0x80) {
                out.append(ASCII[cp]);
            } else if (isMark(cp)) {
                // accents and other combining marks are dropped
            } else if (cp == 'ς') {
                out.append('σ'); // final sigma folds to sigma
            } else if (standsAlone(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else if (Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append(' ');
            }
        }
        return out.toString();
    }

    private static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.ENCLOSING_MARK;
    }

    private static boolean standsAlone(int cp) {
        if (Character.isIdeographic(cp)) return true;
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA;
    }
}
