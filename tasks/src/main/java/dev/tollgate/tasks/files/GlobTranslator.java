package dev.tollgate.tasks.files;

/**
 * Turns one (already folded) exclude glob into an RE2 regular expression body.
 *
 * <ul>
 *   <li>{@code **} crosses '/', {@code *} and {@code ?} do not; {@code **}{@code /} also matches
 *       nothing, so {@code **}{@code /x} matches {@code x} at the top.</li>
 *   <li>{@code [abc]}, {@code [a-z]}, {@code [!x]} / {@code [^x]} never match '/'.</li>
 *   <li>{@code {a,b}} alternatives (not nested); {@code \} escapes the next character.</li>
 *   <li>A trailing {@code /**} is dropped: every glob matches its path and everything below it
 *       (the ancestor rule of SPEC §7.5), so {@code secrets/**} matches the directory itself.</li>
 * </ul>
 */
final class GlobTranslator {
    private final String glob;
    private int pos;

    private GlobTranslator(String glob) {
        this.glob = glob;
    }

    static String toRegex(String glob) {
        String g = glob;
        while (g.length() > 3 && g.endsWith("/**")) g = g.substring(0, g.length() - 3);
        GlobTranslator t = new GlobTranslator(g);
        String body = t.sequence(false);
        if (t.pos != g.length()) throw t.error("unexpected '" + g.charAt(t.pos) + "'");
        return body;
    }

    /**
     * The longest run of plain characters that every match must contain (outside braces and classes,
     * with a leading '/' dropped because {@code **}{@code /} makes it optional), or "" when there is
     * none. A necessary condition only: used to skip the regex for paths that cannot match.
     */
    static String requiredLiteral(String glob) {
        String g = glob;
        while (g.length() > 3 && g.endsWith("/**")) g = g.substring(0, g.length() - 3);
        String best = "";
        StringBuilder run = new StringBuilder();
        int i = 0;
        while (i <= g.length()) {
            char c = i < g.length() ? g.charAt(i) : '*';
            if (c != '*' && c != '?' && c != '[' && c != '{' && c != '\\') {
                run.append(c);
                i++;
                continue;
            }
            String r = run.toString();
            while (r.startsWith("/")) r = r.substring(1);
            if (r.length() > best.length()) best = r;
            run.setLength(0);
            i = skipSpecial(g, i);
        }
        return best;
    }

    /** Index just past the special construct at {@code i}, parsed exactly as {@link #sequence} does. */
    private static int skipSpecial(String g, int i) {
        if (i >= g.length()) return i + 1;
        char c = g.charAt(i);
        if (c == '\\') return i + 2;
        if (c == '*' || c == '?') return i + 1;
        if (c == '[') {
            int j = i + 1;
            if (j < g.length() && (g.charAt(j) == '!' || g.charAt(j) == '^')) j++;
            boolean first = true;
            while (j < g.length() && (first || g.charAt(j) != ']')) {
                if (g.charAt(j) == '\\') j++;
                j++;
                first = false;
            }
            return j + 1;
        }
        // '{': to the matching '}' (braces do not nest), escapes honoured
        int j = i + 1;
        while (j < g.length() && g.charAt(j) != '}') {
            if (g.charAt(j) == '\\') j++;
            else if (g.charAt(j) == '[') { j = skipSpecial(g, j); continue; }
            j++;
        }
        return j + 1;
    }

    private String sequence(boolean inBraces) {
        StringBuilder re = new StringBuilder();
        while (pos < glob.length()) {
            char c = glob.charAt(pos);
            if (inBraces && (c == ',' || c == '}')) break;
            switch (c) {
                case '\\' -> {
                    if (pos + 1 >= glob.length()) throw error("dangling '\\'");
                    literal(re, glob.codePointAt(pos + 1));
                    pos += 1 + Character.charCount(glob.codePointAt(pos + 1));
                }
                case '*' -> star(re);
                case '?' -> { re.append("[^/]"); pos++; }
                case '[' -> charClass(re);
                case '{' -> {
                    if (inBraces) throw error("nested '{' is not supported");
                    braces(re);
                }
                default -> {
                    int cp = glob.codePointAt(pos);
                    literal(re, cp);
                    pos += Character.charCount(cp);
                }
            }
        }
        return re.toString();
    }

    private void star(StringBuilder re) {
        int start = pos;
        while (pos < glob.length() && glob.charAt(pos) == '*') pos++;
        if (pos - start == 1) {
            re.append("[^/]*");
            return;
        }
        boolean atSegmentStart = start == 0 || glob.charAt(start - 1) == '/';
        if (atSegmentStart && pos < glob.length() && glob.charAt(pos) == '/') {
            pos++;                      // "**/" : zero or more whole directories
            re.append("(?:.*/)?");
        } else {
            re.append(".*");
        }
    }

    private void charClass(StringBuilder re) {
        int open = pos++;
        boolean negate = pos < glob.length() && (glob.charAt(pos) == '!' || glob.charAt(pos) == '^');
        if (negate) pos++;
        StringBuilder members = new StringBuilder();
        boolean first = true;
        while (true) {
            if (pos >= glob.length()) {
                pos = open;
                throw error("unterminated '['");
            }
            int cp = glob.codePointAt(pos);
            if (cp == ']' && !first) break;
            if (cp == '/') throw error("'/' inside '[...]'");
            if (cp == '\\') {
                if (pos + 1 >= glob.length()) throw error("dangling '\\'");
                pos++;
                cp = glob.codePointAt(pos);
            }
            if (cp == '-' && !first && pos + 1 < glob.length() && glob.charAt(pos + 1) != ']') {
                members.append('-'); // a range between the previous member and the next
            } else {
                members.append(String.format("\\x{%x}", cp));
            }
            pos += Character.charCount(cp);
            first = false;
        }
        pos++; // ']'
        re.append(negate ? "[^/" : "[").append(members).append(']');
    }

    private void braces(StringBuilder re) {
        int open = pos++;
        re.append("(?:");
        while (true) {
            re.append(sequence(true));
            if (pos >= glob.length()) {
                pos = open;
                throw error("unterminated '{'");
            }
            char c = glob.charAt(pos++);
            if (c == '}') break;
            re.append('|');
        }
        re.append(')');
    }

    private static void literal(StringBuilder re, int cp) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '/' || cp == '_') {
            re.append((char) cp);
        } else {
            re.append(String.format("\\x{%x}", cp));
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad exclude glob '" + glob + "': " + what + " at " + pos);
    }
}
