package dev.tollgate.tasks.shell.syntax;

import java.util.List;

/** A piece of a word. Only {@link Lit} is unquoted text subject to globbing and brace expansion. */
public sealed interface WordPart {
    /** Unquoted literal text. */
    record Lit(String text) implements WordPart {}

    /** A backslash-escaped character outside quotes ({@code \r}); {@code text} is the character. */
    record Escaped(String text) implements WordPart {}

    /** {@code '...'}: taken verbatim. */
    record SingleQuoted(String text) implements WordPart {}

    /** {@code $'...'}: ANSI-C escapes already decoded. */
    record AnsiC(String text) implements WordPart {}

    /** {@code "..."} (or {@code $"..."} when {@code locale}); its literal pieces are {@link Lit}s. */
    record DoubleQuoted(List<WordPart> parts, boolean locale) implements WordPart {
        public DoubleQuoted {
            parts = List.copyOf(parts);
        }
    }

    /** {@code $name}, {@code $1}, {@code ${...}}; {@code inner} holds the parts inside braces. */
    record Param(String raw, List<WordPart> inner) implements WordPart {
        public Param {
            inner = List.copyOf(inner);
        }
    }

    /** {@code $(...)} or a backtick substitution. */
    record CommandSub(Script script, boolean backtick) implements WordPart {}

    /** {@code $((...))}, kept as raw text. */
    record Arith(String expression) implements WordPart {}

    /** {@code <(...)} ({@code direction} '<') or {@code >(...)} ('>'). */
    record ProcessSub(char direction, Script script) implements WordPart {}

    /** The {@code (a b c)} of an array assignment. */
    record ArrayLit(List<Word> elements) implements WordPart {
        public ArrayLit {
            elements = List.copyOf(elements);
        }
    }
}
