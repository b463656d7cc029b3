package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.HashMap;
import java.util.Map;

/**
 * Command name → rule, filled once by each concern's {@code register}. A command with no rule
 * that passed the allow list is {@code moderate}: only commands known to only read are safe.
 */
final class RuleTable {
    private static final Map<String, Rule> RULES = new HashMap<>();

    static {
        ReadOnlyRules.register(RULES);
        BuiltinRules.register(RULES);
        FileRules.register(RULES);
        GitRules.register(RULES);
        PackageRules.register(RULES);
        NetworkRules.register(RULES);
        DatabaseRules.register(RULES);
        InfraRules.register(RULES);
        InterpreterRules.register(RULES);
        ShellScriptRules.register(RULES);
        PrivilegeRules.register(RULES);
        SystemRules.register(RULES);
    }

    private static final Rule UNKNOWN = (inv, a) -> {
        a.risk(RiskTier.MODERATE, inv.name(), "not a known read-only command");
        return Analysis.opaque(inv.name());
    };

    private RuleTable() {}

    static Rule lookup(String name) {
        Rule r = RULES.get(name);
        if (r != null) return r;
        if (name.startsWith("mkfs.") || name.startsWith("mkfs")) return RULES.get("mkfs");
        if (name.startsWith("python") && name.substring(6).chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return RULES.get("python");
        }
        return UNKNOWN;
    }

    /** A rule that only reports a fixed tier. */
    static Rule fixed(RiskTier tier, String rule) {
        return (inv, a) -> {
            a.risk(tier, inv.name(), rule);
            return Analysis.opaque(inv.name());
        };
    }
}
