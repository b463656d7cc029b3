package dev.tollgate.gateway.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** A command that calls the HTTP API: gets the server options and a ready client. */
abstract class ApiCommand implements Callable<Integer> {
    protected final CliContext context;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ServerOptions server;

    ApiCommand(CliContext context) {
        this.context = context;
    }

    @Override public final Integer call() throws Exception {
        return run(server.client(context, spec.commandLine()), spec.commandLine().getOut());
    }

    abstract int run(ApiClient api, PrintWriter out) throws Exception;

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
