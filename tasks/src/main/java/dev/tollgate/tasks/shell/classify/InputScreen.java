package dev.tollgate.tasks.shell.classify;

/**
 * Step 1 of SPEC §7.4, on the raw input before parsing: size, control characters, invisible and
 * bidirectional formatting characters, and text that is not valid UTF-8 (lone surrogates, or the
 * replacement character a lossy decoder leaves behind). Returns a reason, or null when clean.
 */
public final class InputScreen {
    public static final int MAX_BYTES = 16 * 1024;

    private InputScreen() {}

    public static String check(String s) {
        long bytes = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
                if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
                    return c == 0 ? "NUL character in command" : String.format("control character U+%04X in command", (int) c);
                }
                continue;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) return "invalid UTF-8 (lone surrogate)";
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                i++;
                bytes += 4;
                if (invisible(cp)) return String.format("invisible Unicode character U+%04X in command", cp);
                continue;
            }
            if (Character.isLowSurrogate(c)) return "invalid UTF-8 (lone surrogate)";
            bytes += c < 0x800 ? 2 : 3;
            if (c == '\uFFFD') return "invalid UTF-8 (replacement character)";
            if (c >= 0x80 && c <= 0x9f) return String.format("control character U+%04X in command", (int) c);
            if (invisible(c)) return String.format("invisible or bidi Unicode character U+%04X in command", (int) c);
        }
        if (bytes > MAX_BYTES) return "command longer than 16 KiB";
        return null;
    }

    /** Zero-width, bidi controls, fillers, tags and variation selectors: text that hides what runs. */
    static boolean invisible(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4
                || cp == 0x17B5 || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF
                || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE0FFF)
                || cp == 0x1D159 || (cp >= 0x1D173 && cp <= 0x1D17A);
    }
}
