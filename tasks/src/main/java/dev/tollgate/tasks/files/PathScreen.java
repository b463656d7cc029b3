package dev.tollgate.tasks.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The syntax screen of SPEC §7.5: rejects a requested path string before anything looks at the
 * file system. It is deliberately stricter than POSIX (which allows every byte but NUL and '/'):
 * a path an agent can type but a reviewer cannot read, or that another layer might decode into
 * something else, is refused rather than interpreted.
 */
final class PathScreen {
    static final int MAX_PATH_BYTES = 4096;
    static final int MAX_SEGMENT_BYTES = 255;

    /**
     * Percent-encoded '.', '/', '\' or NUL, any number of times re-encoded ({@code %252e} is
     * {@code %2e} after one decode), plus IIS-style {@code %u002e} and the overlong UTF-8 lead bytes
     * C0/C1 that old decoders turned into '.' or '/'. The input is tiny and the pattern has no
     * nested quantifiers, so java.util.regex cannot backtrack badly here.
     */
    private static final Pattern ENCODED = Pattern.compile(
            "%(?:25)*(?:2e|2f|5c|00|c0|c1|u00(?:2e|2f|5c|00)|u22(?:15|16)|uff0[ef]|uff3c)",
            Pattern.CASE_INSENSITIVE);

    private PathScreen() {}

    /** Null when {@code path} passes, else a human-readable reason. */
    static String reject(String path) {
        if (path == null || path.isEmpty()) return "empty path";
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return "path longer than " + MAX_PATH_BYTES + " bytes";
        }
        String chars = rejectCharacters(path);
        if (chars != null) return chars;
        if (ENCODED.matcher(path).find()) return "percent-encoded '.', '/', '\\' or NUL";
        String shape = rejectShape(path);
        if (shape != null) return shape;
        // A lookalike ("．．／", fullwidth '＼') is harmless to Linux but not to every consumer of the
        // path (logs, reviewers, other tools that normalise): screen the NFKC form as well.
        String nfkc = Normalizer.normalize(path, Normalizer.Form.NFKC);
        if (!nfkc.equals(path)) {
            String folded = rejectShape(nfkc);
            if (folded != null) return folded + " (after Unicode normalisation)";
        }
        return null;
    }

    private static String rejectShape(String path) {
        for (int i = 0; i < path.length(); i++) {
            switch (path.charAt(i)) {
                case '\\': return "backslash in path";
                case '~': return "'~' in path";
                case '*', '?', '[', ']': return "glob character '" + path.charAt(i) + "' in path";
                default: break;
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) return "'..' segment in path";
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return "path segment longer than " + MAX_SEGMENT_BYTES + " bytes";
            }
        }
        return null;
    }

    private static String rejectCharacters(String path) {
        for (int i = 0; i < path.length(); ) {
            int cp = path.codePointAt(i);
            if (Character.isSurrogate(path.charAt(i)) && Character.charCount(cp) == 1) {
                return "unpaired surrogate in path";
            }
            if (cp == 0) return "NUL in path";
            String why = invisible(cp);
            if (why != null) return why + String.format(Locale.ROOT, " U+%04X in path", cp);
            i += Character.charCount(cp);
        }
        return null;
    }

    /** Characters that do not show, or show as something else: controls, formats, bidi, odd spaces. */
    private static String invisible(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL: return "control character";
            case Character.FORMAT: return "invisible or bidi character"; // ZW*, LRM/RLM, embeddings, isolates, BOM, tags
            case Character.UNASSIGNED: return "unassigned character";
            case Character.PRIVATE_USE: return "private-use character";
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR: return "line separator";
            case Character.SPACE_SEPARATOR:
                return cp == ' ' ? null : "non-ASCII space";
            default: break;
        }
        boolean blank = cp == 0x034F                       // combining grapheme joiner
                || cp == 0x115F || cp == 0x1160            // Hangul fillers
                || cp == 0x3164 || cp == 0xFFA0
                || cp == 0x17B4 || cp == 0x17B5            // Khmer inherent vowels
                || cp == 0x180E                            // Mongolian vowel separator
                || (cp >= 0xFE00 && cp <= 0xFE0F)          // variation selectors
                || (cp >= 0xE0100 && cp <= 0xE01EF)
                || cp == 0x2800;                           // braille blank
        return blank ? "invisible character" : null;
    }
}
