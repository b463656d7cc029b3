package dev.tollgate.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Main class of the jar: {@code tollgate <command>}. Exits with the command's exit code. */
@Command(name = "tollgate",
        description = "Tollgate: a governance gateway for AI agents.",
        mixinStandardHelpOptions = true,
        versionProvider = TollgateVersion.class,
        scope = CommandLine.ScopeType.INHERIT,
        usageHelpWidth = 100,
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
                ServeCommand.class,
                VersionCommand.class,
                PolicyCommand.class,
                DestinationsCommand.class,
                CaCommand.class,
                EnvCommand.class,
                AgentsCommand.class,
                ReviewersCommand.class,
                IntentsCommand.class,
                HeldCommand.class,
                AuditCommand.class,
                TasksCommand.class,
                ActionsCommand.class,
                WalletsCommand.class,
                ShellCheckCommand.class,
                FilesCheckCommand.class,
                CommandLine.HelpCommand.class})
public final class TollgateCli extends GroupCommand {

    public static void main(String[] args) {
        System.exit(commandLine(CliContext.system()).execute(args));
    }

    /** The command tree, wired to {@code context}; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(TollgateCli.class, new ContextFactory(context));
        cl.setExecutionExceptionHandler(new Failures(context.env()));
        return cl;
    }
}
