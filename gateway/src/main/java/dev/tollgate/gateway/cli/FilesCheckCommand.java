package dev.tollgate.gateway.cli;

import dev.tollgate.tasks.channel.LocalAccessPolicy;
import dev.tollgate.tasks.files.FileOp;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate files check [--gateway-config F] [--cwd DIR] --op OP PATH} (SPEC §7.5): the path
 * decision for a file step, as JSON {@code {"decision": "allowed"|"denied", "reason_code"?, "path"}}
 * with the canonical path; checks everything but opens nothing, and needs no server. A relative
 * PATH is relative to --cwd, else to the first allowed root, as in a step. Exit 0: allowed;
 * 1: denied; 2: usage or configuration error.
 */
@Command(name = "files", description = "File access of the task channel.", synopsisSubcommandLabel = "COMMAND",
        subcommands = FilesCheckCommand.Check.class)
final class FilesCheckCommand extends GroupCommand {

    @Command(name = "check", description = {
            "Check a path for a file operation as the gateway would, opening nothing: prints",
            "{\"decision\": \"allowed\"|\"denied\", \"reason_code\"?, \"path\"}. Exit 0: allowed; 1: denied; 2: usage or config error."})
    static final class Check implements Callable<Integer> {
        private final CliContext context;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin ShellCheckCommand.GatewayConfigOptions options = new ShellCheckCommand.GatewayConfigOptions();
        @Option(names = "--op", required = true, paramLabel = "OP", description = {
                "list_files, read_file_summary, read_file_chunk, search_files, write_file or delete_file"})
        String op;
        @Option(names = "--cwd", paramLabel = "DIR", description = "Base of a relative PATH (default: the first allowed root)")
        Path cwd;
        @Parameters(paramLabel = "PATH", description = "Absolute, or relative to --cwd")
        String path;

        Check(CliContext context) {
            this.context = context;
        }

        @Override public Integer call() {
            FileOp fileOp;
            try {
                fileOp = FileOp.fromWire(op);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--op: " + e.getMessage());
            }
            LocalAccessPolicy policy = new LocalAccessPolicy(options.load(context));
            String dir = cwd == null ? null : context.cwd().resolve(cwd).normalize().toString();
            LocalAccessPolicy.FileVerdict v = policy.checkFile(fileOp, path, dir);
            spec.commandLine().getOut().println(Json.pretty(v.toJson()));
            return v.allowed() ? 0 : 1;
        }
    }
}
