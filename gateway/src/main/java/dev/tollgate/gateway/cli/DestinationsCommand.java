package dev.tollgate.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.engine.policy.PolicyRegistry;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.config.SettingsLoader;
import dev.tollgate.proxy.destination.DestinationRule;
import dev.tollgate.proxy.destination.DestinationRules;
import dev.tollgate.proxy.destination.DestinationsParser;
import dev.tollgate.proxy.destination.Match;
import dev.tollgate.proxy.destination.RequestTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "destinations", description = "Destination rules of the proxy (proxy.destinations).",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {DestinationsCommand.Check.class, DestinationsCommand.Test.class})
final class DestinationsCommand extends GroupCommand {

    /** Options both subcommands share: where the file and the policies are found. */
    static final class Sources {
        @Parameters(arity = "0..1", paramLabel = "FILE",
                description = "Destinations file (default: the proxy.destinations setting, ./config/destinations.yaml)")
        Path file;
        @Option(names = "--config", paramLabel = "FILE", description = "Settings file (TOLLGATE_CONFIG; default config/tollgate.yaml if it exists)")
        String config;

        /** @throws ConfigException listing every settings problem (exit 2) */
        Settings settings(CliContext context, String policyDir) {
            Map<String, String> flags = new HashMap<>();
            if (config != null) flags.put(SettingsLoader.CONFIG_KEY, config);
            if (policyDir != null) flags.put("policy_dir", policyDir);
            return SettingsLoader.load(flags, context.env(), context.cwd());
        }

        /** FILE made absolute, else the setting; settings are read only when needed. */
        Path file(CliContext context, java.util.function.Supplier<Settings> settings) {
            return file != null ? context.cwd().resolve(file).normalize() : settings.get().proxy().destinations();
        }
    }

    @Command(name = "check", description = {
            "Validate the destinations file as the server does at start, without starting anything,",
            "including that every policy it names exists in the policy directory (or is allow / deny).",
            "Prints \"OK: N rules\" (exit 0) or one line per problem, file:line: key: message (exit 1)."})
    static final class Check implements Callable<Integer> {
        // The registry logs every policy it loads at INFO; a check prints its own summary.
        // Held in a field: java.util.logging keeps loggers weakly, and would drop the level.
        private static final java.util.logging.Logger REGISTRY_LOG =
                java.util.logging.Logger.getLogger(PolicyRegistry.class.getName());

        private final CliContext context;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin Sources sources = new Sources();
        @Option(names = "--policy-dir", paramLabel = "DIR", description = "Policy directory (TOLLGATE_POLICY_DIR, policy_dir; default ./config/policies)")
        String policyDir;

        Check(CliContext context) {
            this.context = context;
        }

        @Override public Integer call() {
            Settings settings = sources.settings(context, policyDir);
            Path file = sources.file(context, () -> settings);
            List<ConfigProblem> problems = new ArrayList<>();
            DestinationRules rules = null;
            try {
                rules = DestinationsParser.parse(file);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
            if (rules != null) problems.addAll(unknownPolicies(rules, settings.policyDir()));
            if (problems.isEmpty()) {
                int n = rules.rules().size();
                spec.commandLine().getOut().println("OK: " + n + (n == 1 ? " rule" : " rules"));
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(err::println);
            return 1;
        }

        /** Problems naming each unknown policy; the policy directory's own problems when it does not load. */
        private static List<ConfigProblem> unknownPolicies(DestinationRules rules, Path policyDir) {
            REGISTRY_LOG.setLevel(java.util.logging.Level.WARNING);
            PolicyRegistry registry;
            try {
                registry = PolicyRegistry.load(policyDir);
            } catch (ConfigException e) {
                // Policy names cannot be checked against a directory that does not load; say why.
                return e.problems();
            }
            return rules.checkPolicies(id -> registry.find(id).isPresent());
        }
    }

    @Command(name = "test", description = {
            "Show which rule, destination and policy a request maps to, as the proxy would map it,",
            "with the rule's pending mode and record-count pointer. Exit 0 whatever the answer",
            "(blocked included), 1 when the file is invalid, 2 for a bad --method or --url."})
    static final class Test implements Callable<Integer> {
        private final CliContext context;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin Sources sources = new Sources();
        @Option(names = "--method", required = true, paramLabel = "M", description = "HTTP method, e.g. POST (CONNECT: the tunnel itself, no path)")
        String method;
        @Option(names = "--url", required = true, paramLabel = "U", description = "Absolute http:// or https:// URL; the query is ignored (for CONNECT: https://host:port)")
        String url;
        @Option(names = "--json", description = "Print JSON instead of aligned text")
        boolean json;

        Test(CliContext context) {
            this.context = context;
        }

        @Override public Integer call() {
            RequestTarget target = target();
            Path file = sources.file(context, () -> sources.settings(context, null));
            DestinationRules rules;
            try {
                rules = DestinationsParser.parse(file);
            } catch (ConfigException e) {
                throw new CommandFailure(1, e.problems().stream().map(ConfigProblem::toString).toArray(String[]::new));
            }
            Match match = rules.match(target);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.pretty(json(target, match)));
            } else {
                text(target, match).forEach((k, v) -> out.println(k + " ".repeat(14 - k.length()) + Terminal.safe(v)));
            }
            return 0;
        }

        private RequestTarget target() {
            if (!RequestTarget.isMethod(method)) {
                throw new CommandFailure(2, "--method: \"" + Terminal.safe(method) + "\" is not an HTTP method");
            }
            RequestTarget t;
            try {
                t = RequestTarget.fromUrl(method.toUpperCase(Locale.ROOT), url);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(2, "--url: " + Terminal.safe(e.getMessage()));
            }
            // A CONNECT carries no path: the tunnel could reach any of them.
            if (t.method().equals("CONNECT")) t = new RequestTarget("CONNECT", t.scheme(), t.host(), t.port(), null);
            return t;
        }

        private static Map<String, String> text(RequestTarget t, Match m) {
            Map<String, String> rows = new LinkedHashMap<>();
            rows.put("request", t.method() + " " + t.scheme() + "://" + t.host() + ":" + t.port()
                    + (t.path() == null ? "" : t.path()));
            DestinationRule r = m.rule();
            rows.put("rule", r == null ? "none" : "destinations[" + r.index() + "] " + r.name() + " (line " + r.line() + ")");
            rows.put("destination", m.destination());
            rows.put("policy", m.blocked() ? "none: blocked, " + m.reasonCode().wire()
                    : m.policy() + (r == null ? " (default_policy)" : ""));
            rows.put("pending", m.pending() == null ? "proxy default (proxy.pending)" : m.pending().yaml());
            rows.put("record_count", m.recordCountPointer() == null ? "none (1 record per request)" : m.recordCountPointer());
            rows.put("why", m.detail());
            return rows;
        }

        private static ObjectNode json(RequestTarget t, Match m) {
            ObjectNode o = Json.object();
            ObjectNode req = o.putObject("request");
            req.put("method", t.method()).put("scheme", t.scheme()).put("host", t.host()).put("port", t.port())
                    .put("path", t.path());
            DestinationRule r = m.rule();
            if (r == null) {
                o.putNull("rule");
            } else {
                o.putObject("rule").put("index", r.index()).put("name", r.name()).put("line", r.line());
            }
            o.put("destination", m.destination());
            o.put("policy", m.policy());
            o.put("outcome", m.outcome().name().toLowerCase(Locale.ROOT));
            o.put("blocked", m.blocked());
            o.put("reason_code", m.blocked() ? m.reasonCode().wire() : null);
            o.put("pending", m.pending() == null ? null : m.pending().yaml());
            o.put("record_count", m.recordCountPointer());
            o.put("detail", m.detail());
            return o;
        }
    }
}
