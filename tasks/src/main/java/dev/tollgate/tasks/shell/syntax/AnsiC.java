package dev.tollgate.tasks.shell.syntax;

/** Decodes the body of bash's {@code $'...'} quoting, as bash does, so names hidden in it are seen. */
final class AnsiC {
    private AnsiC() {}

    /**
     * Decodes from {@code start} (just after {@code $'}) to the closing quote. Returns the decoded
     * text; {@code end[0]} receives the index just after the closing quote.
     */
    static String decode(String s, int start, int[] end) throws ParseException {
        StringBuilder out = new StringBuilder();
        int i = start;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'') {
                end[0] = i + 1;
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) break;
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'e', 'E' -> out.append('\u001b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\', '\'', '"', '?' -> out.append(e);
                case 'c' -> {
                    if (i >= n) throw new ParseException("unterminated $'...'", i);
                    out.append((char) (s.charAt(i) & 0x1f));
                    i++;
                }
                case 'x', 'u', 'U' -> {
                    int max = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    int j = i;
                    int v = 0;
                    while (j < n && j - i < max && Character.digit(s.charAt(j), 16) >= 0) {
                        v = v * 16 + Character.digit(s.charAt(j), 16);
                        j++;
                    }
                    if (j == i) {
                        out.append('\\').append(e);
                    } else {
                        if (!Character.isValidCodePoint(v)) throw new ParseException("invalid code point in $'...'", i);
                        out.appendCodePoint(v);
                        i = j;
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        int j = i;
                        while (j < n && j - i < 2 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                            v = v * 8 + (s.charAt(j) - '0');
                            j++;
                        }
                        out.append((char) (v & 0xff));
                        i = j;
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        throw new ParseException("unterminated $'...'", start);
    }
}
