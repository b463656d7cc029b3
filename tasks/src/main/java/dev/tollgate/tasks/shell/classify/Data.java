package dev.tollgate.tasks.shell.classify;

/** What a command reads on standard input, as far as it can be known statically. */
sealed interface Data {
    /** Stdin is closed (the executor closes it) or nothing is piped. */
    record None() implements Data {}

    /** Text known exactly (a literal here-document, here-string or echo). */
    record Literal(String text) implements Data {}

    /** The contents of a named file. */
    record File(String name) implements Data {}

    /** Something downloaded from the network. */
    record Remote(String source) implements Data {}

    /** Anything else: output of a program, an expansion. */
    record Opaque(String source) implements Data {}

    Data NONE = new None();
}
