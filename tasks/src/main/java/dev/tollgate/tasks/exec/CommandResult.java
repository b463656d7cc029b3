package dev.tollgate.tasks.exec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a shell step did. Output is already cut to the spec's cap; {@code stdoutBytes} and
 * {@code stderrBytes} count everything the command wrote, so an operator can see how much was cut.
 *
 * @param exitCode   the exit status; null when the command timed out or never started. A command
 *                   killed by a signal it did not get from us reports 128 + signal, as a shell would.
 * @param startError why the command could not start (missing cwd, missing shell); null when it started
 */
public record CommandResult(Integer exitCode, String stdout, String stderr,
                            boolean stdoutTruncated, boolean stderrTruncated,
                            long stdoutBytes, long stderrBytes,
                            long durationMs, boolean timedOut, String startError) {

    static CommandResult notStarted(String error, long durationMs) {
        return new CommandResult(null, "", "", false, false, 0, 0, durationMs, false, error);
    }

    /** Ran and exited by itself, whatever the exit code: the step is {@code completed} (SPEC §7.2). */
    public boolean completed() {
        return startError == null && !timedOut && exitCode != null;
    }

    /** The step's {@code result} object (SPEC §7.2); {@code error} only when it could not start. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (exitCode == null) o.putNull("exit_code"); else o.put("exit_code", exitCode.intValue());
        o.put("stdout", stdout);
        o.put("stderr", stderr);
        o.put("stdout_truncated", stdoutTruncated);
        o.put("stderr_truncated", stderrTruncated);
        o.put("duration_ms", durationMs);
        o.put("timed_out", timedOut);
        if (startError != null) o.put("error", startError);
        return o;
    }
}
