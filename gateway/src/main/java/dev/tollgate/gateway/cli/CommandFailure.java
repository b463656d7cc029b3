package dev.tollgate.gateway.cli;

import java.util.List;

/**
 * Ends a command: its lines go to stderr and the process exits with its code. Thrown from
 * anywhere inside a command so that failure paths do not each print and return by hand.
 */
final class CommandFailure extends RuntimeException {
    private final int exitCode;
    private final List<String> lines;

    CommandFailure(int exitCode, String... lines) {
        super(String.join("\n", lines));
        this.exitCode = exitCode;
        this.lines = List.of(lines);
    }

    int exitCode() { return exitCode; }

    List<String> lines() { return lines; }
}
