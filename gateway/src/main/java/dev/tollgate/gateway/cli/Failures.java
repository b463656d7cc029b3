package dev.tollgate.gateway.cli;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns what a command threw into stderr lines and an exit code, in one place: configuration
 * problems one per line (exit 2, nothing else printed), server errors and failures exit 1.
 * A stack trace only with TOLLGATE_DEBUG=true: operators need the message, not our internals.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    private final Map<String, String> env;

    Failures(Map<String, String> env) {
        this.env = env;
    }

    @Override public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code;
        if (ex instanceof CommandFailure f) {
            f.lines().forEach(err::println);
            code = f.exitCode();
        } else if (ex instanceof ConfigException c) {
            c.problems().stream().map(ConfigProblem::toString).forEach(err::println);
            code = 2;
        } else if (ex instanceof ApiException a) {
            err.println(a.error().describe());
            code = 1;
        } else {
            String command = cmd.getCommandSpec().qualifiedName(" ").replaceFirst("^tollgate ", "");
            err.println(command + ": " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            if ("true".equals(env.get("TOLLGATE_DEBUG"))) ex.printStackTrace(err);
            code = 1;
        }
        err.flush();
        return code;
    }
}
