package dev.tollgate.tasks.shell.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns bash source into tokens on demand. Words are parsed into {@link WordPart}s here, including
 * quoting and nested substitutions (which start a nested {@link Parser} over the same text, as bash
 * itself does, so that {@code )} inside a nested {@code case} or quotes is never miscounted).
 * Here-document bodies are read when the newline after their operator is lexed.
 */
final class Lexer {
    static final int MAX_DEPTH = 48;

    private final String src;
    private final int len;
    private final int depth;
    private int pos;
    private final List<HereDoc> pending = new ArrayList<>();
    private boolean delimiterNext;
    private boolean delimiterStrip;

    Lexer(String src, int pos, int depth) throws ParseException {
        if (depth > MAX_DEPTH) throw new ParseException("nesting too deep", pos);
        this.src = src;
        this.len = src.length();
        this.pos = pos;
        this.depth = depth;
    }

    int position() {
        return pos;
    }

    int depth() {
        return depth;
    }

    /** True when the character right at the current position is {@code c} (used for {@code ((}). */
    boolean nextCharIs(char c) {
        return pos < len && src.charAt(pos) == c;
    }

    Token next() throws ParseException {
        skipBlanksAndComment();
        int start = pos;
        if (pos >= len) {
            if (delimiterNext) throw new ParseException("here-document delimiter missing", pos);
            if (!pending.isEmpty()) throw new ParseException("unterminated here-document '" + pending.get(0).delimiter() + "'", pos);
            return new Token(Token.Type.EOF, "", null, -1, null, pos);
        }
        char c = src.charAt(pos);
        if (delimiterNext && isMeta(c) && !isProcessSubStart()) {
            throw new ParseException("here-document delimiter missing", pos);
        }
        if (c == '\n') {
            pos++;
            readHereDocBodies();
            return new Token(Token.Type.NEWLINE, "\n", null, -1, null, start);
        }
        if (c >= '0' && c <= '9') {
            int p = pos;
            while (p < len && src.charAt(p) >= '0' && src.charAt(p) <= '9') p++;
            if (p < len && (src.charAt(p) == '<' || src.charAt(p) == '>') && p - pos <= 9
                    && !(p + 1 < len && src.charAt(p + 1) == '(')) {
                int fd = Integer.parseInt(src.substring(pos, p));
                pos = p;
                return redirect(fd, start);
            }
        }
        switch (c) {
            case ';':
                if (startsWith(";;&")) return op(";;&", start);
                if (startsWith(";;")) return op(";;", start);
                if (startsWith(";&")) return op(";&", start);
                return op(";", start);
            case '&':
                if (startsWith("&&")) return op("&&", start);
                if (startsWith("&>>")) return redir("&>>", -1, start);
                if (startsWith("&>")) return redir("&>", -1, start);
                return op("&", start);
            case '|':
                if (startsWith("||")) return op("||", start);
                if (startsWith("|&")) return op("|&", start);
                return op("|", start);
            case '(':
                return op("(", start);
            case ')':
                return op(")", start);
            case '<':
            case '>':
                if (!isProcessSubStart()) return redirect(-1, start);
                break;
            default:
                break;
        }
        Word w = readWord();
        HereDoc hd = null;
        if (delimiterNext) {
            delimiterNext = false;
            hd = new HereDoc(delimiterText(w), !(w.plainText() != null), delimiterStrip);
            pending.add(hd);
        }
        return new Token(Token.Type.WORD, null, w, -1, hd, start);
    }

    private boolean isProcessSubStart() {
        char c = src.charAt(pos);
        return (c == '<' || c == '>') && pos + 1 < len && src.charAt(pos + 1) == '(';
    }

    /** The delimiter after quote removal: bash compares body lines with this text. */
    private static String delimiterText(Word w) {
        StringBuilder sb = new StringBuilder();
        for (WordPart p : w.parts()) {
            if (p instanceof WordPart.Lit l) {
                sb.append(l.text());
            } else if (p instanceof WordPart.Escaped e) {
                sb.append(e.text());
            } else if (p instanceof WordPart.SingleQuoted q) {
                sb.append(q.text());
            } else if (p instanceof WordPart.AnsiC a) {
                sb.append(a.text());
            } else {
                // An expansion in a delimiter is not expanded by bash: its source text is the delimiter.
                return w.source().replace("\"", "").replace("'", "");
            }
        }
        return sb.toString();
    }

    private Token redirect(int fd, int start) throws ParseException {
        String[] ops = {"<<<", "<<-", "<<", "<>", "<&", "<", ">>", ">|", ">&", ">"};
        for (String o : ops) {
            if (startsWith(o)) return redir(o, fd, start);
        }
        throw new ParseException("unexpected character", pos);
    }

    private Token redir(String o, int fd, int start) {
        pos += o.length();
        if (o.equals("<<") || o.equals("<<-")) {
            delimiterNext = true;
            delimiterStrip = o.equals("<<-");
        }
        return new Token(Token.Type.REDIR, o, null, fd, null, start);
    }

    private Token op(String o, int start) {
        pos += o.length();
        return new Token(Token.Type.OP, o, null, -1, null, start);
    }

    private boolean startsWith(String s) {
        return src.startsWith(s, pos);
    }

    private void skipBlanksAndComment() {
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '\\' && pos + 1 < len && src.charAt(pos + 1) == '\n') {
                pos += 2;
            } else if (c == '#') {
                while (pos < len && src.charAt(pos) != '\n') pos++;
            } else {
                return;
            }
        }
    }

    private static boolean isMeta(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')'
                || c == '<' || c == '>';
    }

    private void readHereDocBodies() throws ParseException {
        for (HereDoc hd : pending) {
            StringBuilder body = new StringBuilder();
            boolean found = false;
            while (pos < len) {
                int eol = src.indexOf('\n', pos);
                int lineEnd = eol < 0 ? len : eol;
                String line = src.substring(pos, lineEnd);
                pos = eol < 0 ? len : eol + 1;
                if (hd.stripTabs()) {
                    int k = 0;
                    while (k < line.length() && line.charAt(k) == '\t') k++;
                    line = line.substring(k);
                }
                if (line.equals(hd.delimiter())) {
                    found = true;
                    break;
                }
                body.append(line).append('\n');
            }
            if (!found) throw new ParseException("unterminated here-document '" + hd.delimiter() + "'", pos);
            String text = body.toString();
            if (hd.quoted()) {
                hd.body(new Word(List.of(new WordPart.SingleQuoted(text)), text));
            } else {
                Lexer sub = new Lexer(text, 0, depth + 1);
                List<WordPart> parts = sub.readDoubleQuoted(false);
                hd.body(new Word(List.of(new WordPart.DoubleQuoted(parts, false)), text));
            }
        }
        pending.clear();
    }

    /** An unquoted word (the lexer is positioned at its first character). */
    Word readWord() throws ParseException {
        int start = pos;
        List<WordPart> parts = new ArrayList<>(2);
        StringBuilder lit = new StringBuilder();
        while (pos < len) {
            char c = src.charAt(pos);
            if (isMeta(c)) {
                if (isProcessSubStart()) {
                    flush(parts, lit);
                    char dir = c;
                    pos += 2;
                    parts.add(new WordPart.ProcessSub(dir, nested()));
                    continue;
                }
                if (c == '(' && parts.isEmpty() && isAssignmentPrefix(lit)) {
                    flush(parts, lit);
                    pos++;
                    parts.add(readArray());
                    continue;
                }
                break;
            }
            switch (c) {
                case '\\' -> {
                    if (pos + 1 >= len) throw new ParseException("backslash at end of input", pos);
                    char n = src.charAt(pos + 1);
                    if (n == '\n') {
                        pos += 2;
                    } else {
                        flush(parts, lit);
                        int cp = src.codePointAt(pos + 1);
                        parts.add(new WordPart.Escaped(new String(Character.toChars(cp))));
                        pos += 1 + Character.charCount(cp);
                    }
                }
                case '\'' -> {
                    flush(parts, lit);
                    int end = src.indexOf('\'', pos + 1);
                    if (end < 0) throw new ParseException("unterminated single quote", pos);
                    parts.add(new WordPart.SingleQuoted(src.substring(pos + 1, end)));
                    pos = end + 1;
                }
                case '"' -> {
                    flush(parts, lit);
                    pos++;
                    parts.add(new WordPart.DoubleQuoted(readDoubleQuoted(true), false));
                }
                case '$' -> readDollar(parts, lit, false);
                case '`' -> {
                    flush(parts, lit);
                    parts.add(readBacktick());
                }
                default -> {
                    lit.append(c);
                    pos++;
                }
            }
        }
        flush(parts, lit);
        if (parts.isEmpty()) throw new ParseException("empty word", pos);
        return new Word(parts, src.substring(start, pos));
    }

    private static boolean isAssignmentPrefix(StringBuilder lit) {
        int n = lit.length();
        if (n < 2 || lit.charAt(n - 1) != '=') return false;
        int end = n - 1;
        if (lit.charAt(end - 1) == '+') end--;
        if (!Character.isLetter(lit.charAt(0)) && lit.charAt(0) != '_') return false;
        for (int i = 1; i < end; i++) {
            char c = lit.charAt(i);
            if (!(c == '_' || (c < 128 && Character.isLetterOrDigit(c)))) return false;
        }
        return end > 0;
    }

    private WordPart.ArrayLit readArray() throws ParseException {
        List<Word> elements = new ArrayList<>();
        while (true) {
            while (pos < len) {
                char c = src.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n') {
                    pos++;
                } else if (c == '#') {
                    while (pos < len && src.charAt(pos) != '\n') pos++;
                } else {
                    break;
                }
            }
            if (pos >= len) throw new ParseException("unterminated array assignment", pos);
            if (src.charAt(pos) == ')') {
                pos++;
                return new WordPart.ArrayLit(elements);
            }
            if (isMeta(src.charAt(pos)) && !isProcessSubStart()) {
                throw new ParseException("unexpected '" + src.charAt(pos) + "' in array assignment", pos);
            }
            elements.add(readWord());
        }
    }

    private static void flush(List<WordPart> parts, StringBuilder lit) {
        if (lit.length() > 0) {
            parts.add(new WordPart.Lit(lit.toString()));
            lit.setLength(0);
        }
    }

    /**
     * The inside of double quotes up to the closing quote ({@code terminated}) or, for here-document
     * bodies, to the end of the text. Literal pieces become {@link WordPart.Lit}s.
     */
    List<WordPart> readDoubleQuoted(boolean terminated) throws ParseException {
        List<WordPart> parts = new ArrayList<>(2);
        StringBuilder lit = new StringBuilder();
        int start = pos;
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == '"' && terminated) {
                pos++;
                flush(parts, lit);
                return parts;
            }
            switch (c) {
                case '\\' -> {
                    if (pos + 1 >= len) {
                        lit.append('\\');
                        pos++;
                    } else {
                        char n = src.charAt(pos + 1);
                        if (n == '\n') {
                            pos += 2;
                        } else if (n == '$' || n == '`' || n == '\\' || (n == '"' && terminated)) {
                            lit.append(n);
                            pos += 2;
                        } else {
                            lit.append('\\');
                            pos++;
                        }
                    }
                }
                case '$' -> readDollar(parts, lit, true);
                case '`' -> {
                    flush(parts, lit);
                    parts.add(readBacktick());
                }
                default -> {
                    lit.append(c);
                    pos++;
                }
            }
        }
        if (terminated) throw new ParseException("unterminated double quote", start - 1);
        flush(parts, lit);
        return parts;
    }

    private void readDollar(List<WordPart> parts, StringBuilder lit, boolean inDouble) throws ParseException {
        int start = pos;
        char n = pos + 1 < len ? src.charAt(pos + 1) : '\0';
        if (n == '\'' && !inDouble) {
            flush(parts, lit);
            int[] end = new int[1];
            parts.add(new WordPart.AnsiC(AnsiC.decode(src, pos + 2, end)));
            pos = end[0];
        } else if (n == '"' && !inDouble) {
            flush(parts, lit);
            pos += 2;
            parts.add(new WordPart.DoubleQuoted(readDoubleQuoted(true), true));
        } else if (n == '(') {
            flush(parts, lit);
            if (pos + 2 < len && src.charAt(pos + 2) == '(') {
                int close = arithEnd(pos + 3);
                if (close >= 0) {
                    parts.add(new WordPart.Arith(src.substring(pos + 3, close)));
                    pos = close + 2;
                    return;
                }
            }
            pos += 2;
            parts.add(new WordPart.CommandSub(nested(), false));
        } else if (n == '{') {
            flush(parts, lit);
            pos += 2;
            List<WordPart> inner = readBraced();
            parts.add(new WordPart.Param(src.substring(start, pos), inner));
        } else if (n == '_' || (n < 128 && Character.isLetter(n))) {
            flush(parts, lit);
            int p = pos + 1;
            while (p < len && (src.charAt(p) == '_' || (src.charAt(p) < 128 && Character.isLetterOrDigit(src.charAt(p))))) p++;
            parts.add(new WordPart.Param(src.substring(pos, p), List.of()));
            pos = p;
        } else if ((n >= '0' && n <= '9') || "@*#?-$!".indexOf(n) >= 0 && n != '\0') {
            flush(parts, lit);
            parts.add(new WordPart.Param(src.substring(pos, pos + 2), List.of()));
            pos += 2;
        } else {
            lit.append('$');
            pos++;
        }
    }

    /** Index of the {@code ))} closing an arithmetic expansion whose text starts at {@code from}, or -1. */
    private int arithEnd(int from) {
        int d = 0;
        for (int i = from; i < len; i++) {
            char c = src.charAt(i);
            if (c == '(') {
                d++;
            } else if (c == ')') {
                if (d == 0) return i + 1 < len && src.charAt(i + 1) == ')' ? i : -1;
                d--;
            }
        }
        return -1;
    }

    /** The inside of {@code ${...}} up to its closing brace, with nested quotes and substitutions. */
    private List<WordPart> readBraced() throws ParseException {
        List<WordPart> parts = new ArrayList<>(2);
        StringBuilder lit = new StringBuilder();
        int start = pos;
        int braces = 0;
        while (pos < len) {
            char c = src.charAt(pos);
            switch (c) {
                case '}' -> {
                    if (braces == 0) {
                        flush(parts, lit);
                        pos++;
                        return parts;
                    }
                    braces--;
                    lit.append(c);
                    pos++;
                }
                case '{' -> {
                    braces++;
                    lit.append(c);
                    pos++;
                }
                case '\\' -> {
                    if (pos + 1 >= len) throw new ParseException("unterminated ${", start);
                    lit.append(src.charAt(pos + 1));
                    pos += 2;
                }
                case '\'' -> {
                    flush(parts, lit);
                    int end = src.indexOf('\'', pos + 1);
                    if (end < 0) throw new ParseException("unterminated single quote", pos);
                    parts.add(new WordPart.SingleQuoted(src.substring(pos + 1, end)));
                    pos = end + 1;
                }
                case '"' -> {
                    flush(parts, lit);
                    pos++;
                    parts.add(new WordPart.DoubleQuoted(readDoubleQuoted(true), false));
                }
                case '$' -> readDollar(parts, lit, false);
                case '`' -> {
                    flush(parts, lit);
                    parts.add(readBacktick());
                }
                default -> {
                    lit.append(c);
                    pos++;
                }
            }
        }
        throw new ParseException("unterminated ${", start);
    }

    /** A backtick substitution: unescape {@code \` \$ \\}, then parse the text as a script. */
    private WordPart readBacktick() throws ParseException {
        int start = pos;
        pos++;
        StringBuilder body = new StringBuilder();
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == '`') {
                pos++;
                Parser p = new Parser(new Lexer(body.toString(), 0, depth + 1));
                return new WordPart.CommandSub(p.parseScript(), true);
            }
            if (c == '\\' && pos + 1 < len) {
                char n = src.charAt(pos + 1);
                if (n == '`' || n == '$' || n == '\\') {
                    body.append(n);
                } else {
                    body.append(c).append(n);
                }
                pos += 2;
                continue;
            }
            body.append(c);
            pos++;
        }
        throw new ParseException("unterminated backtick substitution", start);
    }

    /** A nested script up to its closing {@code )}: the body of {@code $(...)}, {@code <(...)}, {@code >(...)}. */
    private Script nested() throws ParseException {
        Lexer sub = new Lexer(src, pos, depth + 1);
        Script s = new Parser(sub).parseUntilCloseParen();
        pos = sub.position();
        return s;
    }

    /**
     * Raw text of an arithmetic command or header after {@code ((} up to the matching {@code ))};
     * the lexer is positioned just after the first {@code (}.
     */
    String readArithCommand() throws ParseException {
        int start = pos + 1;
        int close = arithEnd(start);
        if (close < 0) throw new ParseException("unterminated (( ))", pos);
        pos = close + 2;
        return src.substring(start, close);
    }
}
