package dev.tollgate.tasks.shell.classify;

/**
 * A small scanner for sed scripts: finds GNU sed's {@code e} command and {@code s///e} flag, which
 * run shell commands, and {@code w}/{@code W} and {@code s///w}, which write files.
 */
final class SedScanner {
    enum Result { PURE, WRITES, EXECUTES, UNKNOWN }

    private SedScanner() {}

    static Result scan(String s) {
        Result result = Result.PURE;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '{' || c == '}' || c == '!') {
                i++;
                continue;
            }
            // addresses
            if (Character.isDigit(c) || c == '$' || c == ',' || c == '~' || c == '+') {
                i++;
                continue;
            }
            if (c == '/' || c == '\\') {
                char delim = c == '\\' ? (i + 1 < n ? s.charAt(++i) : '/') : '/';
                int end = skipDelimited(s, i + 1, delim);
                if (end < 0) return Result.UNKNOWN;
                i = end;
                while (i < n && (s.charAt(i) == 'I' || s.charAt(i) == 'M')) i++;
                continue;
            }
            if (c == '#') {
                i = lineEnd(s, i);
                continue;
            }
            i++;
            switch (c) {
                case 's', 'y' -> {
                    if (i >= n) return Result.UNKNOWN;
                    char delim = s.charAt(i);
                    int mid = skipDelimited(s, i + 1, delim);
                    if (mid < 0) return Result.UNKNOWN;
                    int end = skipDelimited(s, mid, delim);
                    if (end < 0) return Result.UNKNOWN;
                    i = end;
                    if (c == 's') {
                        while (i < n && s.charAt(i) != ';' && s.charAt(i) != '\n' && s.charAt(i) != '}') {
                            char f = s.charAt(i);
                            if (f == 'e') return Result.EXECUTES;
                            if (f == 'w' || f == 'W') {
                                result = Result.WRITES;
                                i = lineEnd(s, i);
                                break;
                            }
                            i++;
                        }
                    }
                }
                case 'e' -> {
                    return Result.EXECUTES;
                }
                case 'w', 'W' -> {
                    result = Result.WRITES;
                    i = lineEnd(s, i);
                }
                case 'a', 'i', 'c', 'r', 'R', 'b', 't', 'T', ':', 'v', 'L', 'q', 'Q', 'l' -> i = argEnd(s, i, c);
                case 'p', 'P', 'd', 'D', 'n', 'N', 'g', 'G', 'h', 'H', 'x', '=', 'z', 'F' -> { }
                default -> {
                    return Result.UNKNOWN;
                }
            }
        }
        return result;
    }

    private static int argEnd(String s, int i, char c) {
        // text and file arguments run to the end of the line; labels and counts to ';' as well
        boolean toLine = c == 'a' || c == 'i' || c == 'c' || c == 'r' || c == 'R';
        while (i < s.length() && s.charAt(i) != '\n' && (toLine || (s.charAt(i) != ';' && s.charAt(i) != '}'))) i++;
        return i;
    }

    private static int lineEnd(String s, int i) {
        int e = s.indexOf('\n', i);
        return e < 0 ? s.length() : e;
    }

    /** Index just after the unescaped {@code delim} that ends a part starting at {@code i}, or -1. */
    private static int skipDelimited(String s, int i, char delim) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == delim) return i + 1;
            if (c == '\n') return -1;
            i++;
        }
        return -1;
    }
}
