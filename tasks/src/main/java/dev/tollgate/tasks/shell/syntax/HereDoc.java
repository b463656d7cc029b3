package dev.tollgate.tasks.shell.syntax;

/**
 * A here-document. Its body is read by the lexer after the next newline, so it is filled in after
 * the redirection that introduces it has been built: the only mutable AST object, written once
 * during parsing and never after {@link Parser#parse} returns.
 */
public final class HereDoc {
    private final String delimiter;
    private final boolean quoted;
    private final boolean stripTabs;
    private Word body;

    HereDoc(String delimiter, boolean quoted, boolean stripTabs) {
        this.delimiter = delimiter;
        this.quoted = quoted;
        this.stripTabs = stripTabs;
    }

    public String delimiter() {
        return delimiter;
    }

    /** A quoted delimiter makes the body literal (no expansions). */
    public boolean quoted() {
        return quoted;
    }

    public boolean stripTabs() {
        return stripTabs;
    }

    /** The body as one word: a single-quoted part when literal, else a double-quoted one. */
    public Word body() {
        return body;
    }

    void body(Word body) {
        this.body = body;
    }

    @Override
    public String toString() {
        return "HereDoc[" + delimiter + (quoted ? ",quoted" : "") + (stripTabs ? ",-" : "") + "]";
    }
}
