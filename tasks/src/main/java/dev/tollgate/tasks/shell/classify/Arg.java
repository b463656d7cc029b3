package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.shell.syntax.Word;
import dev.tollgate.tasks.shell.syntax.WordPart;

/**
 * A command-line argument as far as static analysis can see it.
 *
 * @param value the text after quote removal, or null when an expansion makes it unknowable
 * @param display what to show: the value, or the source text when dynamic
 * @param glob unquoted pathname or brace expansion characters: the word may become other words
 * @param quoted some part of it was quoted or escaped
 * @param word the syntax it came from (null for synthetic arguments such as find's {@code {}})
 */
public record Arg(String value, String display, boolean glob, boolean quoted, Word word) {

    /** Known exactly: no expansion and no globbing. */
    public boolean literal() {
        return value != null && !glob;
    }

    /** A placeholder filled in at run time ({@code find -exec ... {}}, xargs input). */
    static Arg placeholder(String display) {
        return new Arg(null, display, false, false, null);
    }

    static Arg of(Word w) {
        StringBuilder value = new StringBuilder();
        StringBuilder unquoted = new StringBuilder();
        boolean dynamic = false;
        boolean quoted = false;
        boolean glob = false;
        for (WordPart p : w.parts()) {
            if (p instanceof WordPart.Lit l) {
                value.append(l.text());
                unquoted.append(l.text());
            } else if (p instanceof WordPart.Escaped e) {
                value.append(e.text());
                unquoted.append('\0');
                quoted = true;
            } else if (p instanceof WordPart.SingleQuoted s) {
                value.append(s.text());
                unquoted.append('\0');
                quoted = true;
            } else if (p instanceof WordPart.AnsiC a) {
                value.append(a.text());
                unquoted.append('\0');
                quoted = true;
            } else if (p instanceof WordPart.DoubleQuoted d) {
                quoted = true;
                unquoted.append('\0');
                for (WordPart q : d.parts()) {
                    if (q instanceof WordPart.Lit l) {
                        value.append(l.text());
                    } else {
                        dynamic = true;
                    }
                }
            } else {
                dynamic = true;
                unquoted.append('\0');
            }
        }
        if (unquoted.length() > 0) glob = hasGlob(unquoted);
        String v = dynamic ? null : value.toString();
        return new Arg(v, v != null ? v : w.source(), glob, quoted, w);
    }

    /** Unquoted {@code * ?}, a bracket expression, or a brace expansion ({@code {a,b}}, {@code {1..3}}). */
    private static boolean hasGlob(CharSequence u) {
        int n = u.length();
        for (int i = 0; i < n; i++) {
            char c = u.charAt(i);
            if (c == '*' || c == '?') return true;
            if (c == '[') {
                for (int j = i + 1; j < n; j++) if (u.charAt(j) == ']') return true;
            }
            if (c == '{') {
                boolean sep = false;
                for (int j = i + 1; j < n; j++) {
                    char d = u.charAt(j);
                    if (d == ',' || (d == '.' && j + 1 < n && u.charAt(j + 1) == '.')) sep = true;
                    if (d == '}' && sep) return true;
                }
            }
        }
        return false;
    }
}
