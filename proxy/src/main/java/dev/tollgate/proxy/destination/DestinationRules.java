package dev.tollgate.proxy.destination;

import dev.tollgate.engine.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A validated, immutable destinations file: the ordered rules and the default policy. Safe to
 * share between threads; {@link DestinationsRegistry} swaps whole snapshots.
 *
 * @param source            the file, as named in problems
 * @param version           SHA-256 (hex) of the file's bytes, for logs and audit
 * @param rules             in file order; the first that matches wins
 * @param defaultPolicy     policy for requests no rule matches; null blocks them
 * @param defaultPolicyLine line of {@code default_policy}, or 0 when absent
 */
public record DestinationRules(String source, String version, List<DestinationRule> rules,
                               String defaultPolicy, int defaultPolicyLine) {

    public DestinationRules {
        Objects.requireNonNull(source);
        Objects.requireNonNull(version);
        rules = List.copyOf(rules);
    }

    /** Where {@code target} goes; never throws for any target the record admits. */
    public Match match(RequestTarget target) {
        String host = HostPattern.canonical(target.host());
        RequestPath path = null; // parsed only if some rule needs it
        for (DestinationRule rule : rules) {
            if (!rule.fitsHostPortMethod(target.host(), target.port(), target.method())) continue;
            if (!rule.decidesOnPath()) return ruleMatch(rule);
            if (path == null) path = RequestPath.of(target.path());
            if (path instanceof RequestPath.Unclear u) {
                // This rule might be the one the upstream will see; we cannot tell, so block.
                return new Match(fallbackName(host, target), null, null, Match.Outcome.BLOCKED_UNCLEAR_PATH,
                        "path " + quote(target.path()) + " " + u.reason() + ", and " + rule.describe()
                                + " decides on the path: blocked rather than guessed");
            }
            if (rule.path().matches((RequestPath.Clear) path)) return ruleMatch(rule);
        }
        String name = fallbackName(host, target);
        if (defaultPolicy == null) {
            return new Match(name, null, null, Match.Outcome.BLOCKED_NO_RULE,
                    "no rule matches and default_policy is null");
        }
        return new Match(name, defaultPolicy, null, Match.Outcome.DEFAULT_POLICY,
                "no rule matches: default_policy applies");
    }

    /**
     * A problem for each policy named here (rules and {@code default_policy}) that
     * {@code exists} does not know, naming line and key; the caller passes its policy registry.
     */
    public List<ConfigProblem> checkPolicies(Predicate<String> exists) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (DestinationRule r : rules) {
            if (!exists.test(r.policy())) {
                problems.add(new ConfigProblem(source, r.policyLine(), "destinations[" + r.index() + "].policy",
                        unknown(r.policy())));
            }
        }
        if (defaultPolicy != null && !exists.test(defaultPolicy)) {
            problems.add(new ConfigProblem(source, defaultPolicyLine, "default_policy", unknown(defaultPolicy)));
        }
        return problems;
    }

    private static String unknown(String policy) {
        return "unknown policy \"" + policy + "\": no such file in the policy directory, and not a built-in (allow, deny)";
    }

    private static Match ruleMatch(DestinationRule rule) {
        return new Match(rule.name(), rule.policy(), rule, Match.Outcome.RULE, "matched " + rule.describe());
    }

    /** Zehrava Gate's name for a destination no rule names: {@code api.example.com.https}. */
    private static String fallbackName(String canonicalHost, RequestTarget target) {
        return canonicalHost + "." + target.scheme();
    }

    private static String quote(String path) {
        return path == null ? "(none)" : "\"" + path + "\"";
    }
}
