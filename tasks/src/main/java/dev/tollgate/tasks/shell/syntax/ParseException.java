package dev.tollgate.tasks.shell.syntax;

/** The input is not valid bash syntax, or uses syntax this parser deliberately does not accept. */
public final class ParseException extends Exception {
    private final int position;

    public ParseException(String message, int position) {
        super(message + " (at offset " + position + ")");
        this.position = position;
    }

    public int position() {
        return position;
    }
}
