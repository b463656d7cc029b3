package dev.tollgate.tasks.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One approved shell step to run (SPEC §7.4, "Execution").
 *
 * @param command        the bash source, run as {@code /bin/bash -c command}
 * @param cwd            absolute working directory (the caller has already proved it is inside an allowed root)
 * @param env            the <em>whole</em> environment of the command; nothing of the gateway's own is added
 * @param timeout        wall-clock limit for the whole process tree
 * @param maxOutputBytes cap per stream (stdout and stderr each); the rest is read and discarded
 */
public record CommandSpec(String command, Path cwd, Map<String, String> env, Duration timeout, int maxOutputBytes) {
    public CommandSpec {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(timeout, "timeout");
        // A relative cwd would silently resolve against the gateway's own working directory.
        if (!cwd.isAbsolute()) throw new IllegalArgumentException("cwd must be absolute: " + cwd);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (maxOutputBytes <= 0) throw new IllegalArgumentException("maxOutputBytes must be positive");
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
