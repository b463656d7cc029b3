package dev.tollgate.gateway.cli;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.gateway.config.SettingsLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "policy", description = "Policy files.", synopsisSubcommandLabel = "COMMAND",
        subcommands = PolicyCommand.Check.class)
final class PolicyCommand extends GroupCommand {

    @Command(name = "check", description = {
            "Validate every policy file as the server does at start, without starting anything.",
            "Prints \"OK: N policies\" (exit 0) or one line per problem (exit 1)."})
    static final class Check implements Callable<Integer> {
        private final CliContext context;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "DIR", description = "Policy directory (default: the policy_dir setting, ./config/policies)")
        Path dir;
        @Option(names = "--config", paramLabel = "FILE", description = "Settings file naming policy_dir (TOLLGATE_CONFIG)")
        String config;

        Check(CliContext context) {
            this.context = context;
        }

        @Override public Integer call() throws Exception {
            Path target = dir != null ? context.cwd().resolve(dir).normalize() : settingsPolicyDir();
            PolicyChecker checker = context.plugins().find(PolicyChecker.class).orElseGet(RegistryPolicyChecker::new);
            PolicyCheckResult result;
            if (!Files.isDirectory(target)) {
                result = new PolicyCheckResult(0, List.of(new ConfigProblem(target.toString(), 0, "", "not a directory")));
            } else {
                try {
                    result = checker.check(target);
                } catch (ConfigException e) {
                    result = new PolicyCheckResult(0, e.problems());
                }
            }
            if (result.problems().isEmpty()) {
                int n = result.policies();
                spec.commandLine().getOut().println("OK: " + n + (n == 1 ? " policy" : " policies"));
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            result.problems().forEach(p -> err.println(p));
            return 1;
        }

        private Path settingsPolicyDir() {
            Map<String, String> flags = new HashMap<>();
            if (config != null) flags.put(SettingsLoader.CONFIG_KEY, config);
            return SettingsLoader.load(flags, context.env(), context.cwd()).policyDir();
        }
    }
}
