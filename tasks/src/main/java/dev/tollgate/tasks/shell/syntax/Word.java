package dev.tollgate.tasks.shell.syntax;

import java.util.List;

/**
 * One shell word as written: the parts that quote removal and expansion would join. {@code source}
 * is the raw text, kept for display of words that cannot be resolved statically.
 */
public record Word(List<WordPart> parts, String source) {
    public Word {
        parts = List.copyOf(parts);
    }

    /** A word made of one unquoted literal, as used for reserved words and operators. */
    public boolean isPlain(String text) {
        return parts.size() == 1 && parts.get(0) instanceof WordPart.Lit l && l.text().equals(text);
    }

    /** The unquoted literal text when the word is exactly that (no quoting at all), else null. */
    public String plainText() {
        return parts.size() == 1 && parts.get(0) instanceof WordPart.Lit l ? l.text() : null;
    }
}
