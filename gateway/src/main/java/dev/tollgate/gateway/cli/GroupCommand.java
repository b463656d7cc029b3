package dev.tollgate.gateway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A command that only groups subcommands: run alone, it is a usage error (exit 2, usage shown). */
abstract class GroupCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
