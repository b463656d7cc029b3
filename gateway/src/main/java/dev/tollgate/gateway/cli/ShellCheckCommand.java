package dev.tollgate.gateway.cli;

import dev.tollgate.gateway.config.SettingsLoader;
import dev.tollgate.tasks.channel.LocalAccessPolicy;
import dev.tollgate.tasks.channel.TaskChannel;
import dev.tollgate.tasks.config.HostedGatewayConfig;
import dev.tollgate.tasks.shell.ShellDecision;
import dev.tollgate.tasks.shell.ShellVerdict;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate shell check [--gateway-config F] [--cwd DIR] COMMAND} (SPEC §7.4): the verdict
 * the gateway would give, as JSON, without running anything and without a server. Exit 0 when
 * the command would run (allow), 1 when it would not run as it is (approval_required or blocked:
 * the JSON says which), 2 for a usage or configuration error.
 */
@Command(name = "shell", description = "Shell governance of the task channel.", synopsisSubcommandLabel = "COMMAND",
        subcommands = ShellCheckCommand.Check.class)
final class ShellCheckCommand extends GroupCommand {

    /** Where the gateway configuration comes from: --gateway-config, else the settings' gateway_config. */
    static final class GatewayConfigOptions {
        @Option(names = "--gateway-config", paramLabel = "FILE",
                description = "Task channel configuration (default: the gateway_config setting, ./config/gateway.yaml)")
        Path gatewayConfig;
        @Option(names = "--config", paramLabel = "FILE",
                description = "Settings file naming gateway_config (TOLLGATE_CONFIG; default config/tollgate.yaml if it exists)")
        String config;

        /** @throws dev.tollgate.engine.config.ConfigException listing every problem (exit 2) */
        HostedGatewayConfig load(CliContext context) {
            if (gatewayConfig != null) return TaskChannel.loadConfig(context.cwd().resolve(gatewayConfig).normalize(), true);
            Map<String, String> flags = new HashMap<>();
            if (config != null) flags.put(SettingsLoader.CONFIG_KEY, config);
            return TaskChannel.loadConfig(SettingsLoader.load(flags, context.env(), context.cwd()).gatewayConfig());
        }
    }

    @Command(name = "check", description = {
            "Classify a shell command as the gateway would (bash grammar, allowed/blocked lists, risk),",
            "without running anything: prints {\"decision\", \"risk_level\", \"reasons\", \"commands\", \"reason_code\"?}.",
            "Quote the command as one argument. Exit 0: allow; 1: approval_required or blocked; 2: usage or config error."})
    static final class Check implements Callable<Integer> {
        private final CliContext context;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin GatewayConfigOptions options = new GatewayConfigOptions();
        @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory of the command (default: the first allowed root)")
        Path cwd;
        @Parameters(paramLabel = "COMMAND", description = "The command line, as one argument: 'git status && ls'")
        String command;

        Check(CliContext context) {
            this.context = context;
        }

        @Override public Integer call() {
            LocalAccessPolicy policy = new LocalAccessPolicy(options.load(context));
            String dir = cwd == null ? null : context.cwd().resolve(cwd).normalize().toString();
            ShellVerdict v = policy.checkShell(command, dir);
            spec.commandLine().getOut().println(Json.pretty(v.toJson()));
            return v.decision() == ShellDecision.ALLOW ? 0 : 1;
        }
    }
}
