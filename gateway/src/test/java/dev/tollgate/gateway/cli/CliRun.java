package dev.tollgate.gateway.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process with its own environment, working directory and plug-ins. */
record CliRun(int exit, String out, String err) {

    static CliRun run(Map<String, String> env, Path cwd, Plugins plugins, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = TollgateCli.commandLine(new CliContext(env, cwd, plugins));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    static CliRun run(Path cwd, String... args) {
        return run(Map.of(), cwd, Plugins.of(Map.of()), args);
    }

    @Override public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
