package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Map;

/**
 * Shell builtins that change the shell itself: directory, variables, aliases, functions. They run
 * nothing, but several can redefine what later words mean, which static analysis cannot follow.
 */
final class BuiltinRules {
    private BuiltinRules() {}

    static void register(Map<String, Rule> rules) {
        rules.put("cd", BuiltinRules::cd);
        rules.put("pushd", BuiltinRules::cd);
        rules.put("popd", (inv, a) -> {
            a.cwd = null;
            a.risk(RiskTier.SAFE, "popd", "changes directory");
            return Data.NONE;
        });
        for (String n : List.of("export", "declare", "typeset", "local", "readonly")) rules.put(n, BuiltinRules::declare);
        for (String n : List.of("read", "mapfile", "readarray", "getopts")) rules.put(n, BuiltinRules::readVars);
        Rule safe = (inv, a) -> {
            a.risk(RiskTier.SAFE, inv.name(), "shell builtin without side effects");
            return Data.NONE;
        };
        for (String n : List.of("unset", "set", "shopt", "exit", "return", "wait", "jobs", "shift", "ulimit", "history",
                "unalias", "dirs", "times", "caller", "break", "continue", "help", "disown", "suspend")) {
            rules.put(n, safe);
        }
        rules.put("umask", RuleTable.fixed(RiskTier.MODERATE, "changes file creation mode"));
        rules.put("alias", (inv, a) -> {
            for (Arg arg : inv.args()) {
                if (arg.value() == null || arg.value().contains("=")) {
                    a.block(BlockCode.NOT_ANALYSABLE, "alias: alias definition");
                    return Data.NONE;
                }
            }
            a.risk(RiskTier.SAFE, "alias", "lists aliases");
            return Data.NONE;
        });
        rules.put("eval", (inv, a) -> {
            a.block(BlockCode.NOT_ANALYSABLE, "eval: evaluates a string as code");
            return Data.NONE;
        });
        rules.put("hash", (inv, a) -> {
            if (Flags.has(inv.args(), "p", "--path")) {
                a.block(BlockCode.NOT_ANALYSABLE, "hash -p: redefines where a command is found");
            } else {
                a.risk(RiskTier.SAFE, "hash", "lists the command cache");
            }
            return Data.NONE;
        });
        for (String n : List.of("enable", "fc", "bind", "coproc", "complete", "compgen")) {
            rules.put(n, (inv, a) -> {
                a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": changes or runs shell code in a way that is not analysed");
                return Data.NONE;
            });
        }
        rules.put("let", (inv, a) -> {
            a.arithmetic();
            for (Arg arg : inv.args()) {
                if (arg.value() == null || arg.value().contains("$(") || arg.value().contains("`")) {
                    a.block(BlockCode.NOT_ANALYSABLE, "let: arithmetic on a non-literal expression");
                }
            }
            a.risk(RiskTier.SAFE, "let", "arithmetic");
            return Data.NONE;
        });
    }

    private static Data cd(Invocation inv, Analysis a) {
        List<Arg> ops = Flags.operands(inv.args(), java.util.Set.of());
        if (ops.size() == 1 && ops.get(0).literal() && !ops.get(0).value().equals("-") && !ops.get(0).value().startsWith("~")) {
            a.cwd = PathRules.resolve(ops.get(0).value(), a.cwd);
        } else {
            a.cwd = null;
        }
        a.risk(RiskTier.SAFE, inv.name(), "changes directory");
        return Data.NONE;
    }

    private static Data declare(Invocation inv, Analysis a) {
        for (Arg arg : inv.args()) {
            String v = arg.value();
            if (v == null) {
                // "export $X" may assign anything.
                a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": argument " + arg.display() + " is not a literal");
                continue;
            }
            if (v.startsWith("-") || v.startsWith("+")) {
                if (v.indexOf('n') > 0) a.block(BlockCode.NOT_ANALYSABLE, inv.name() + " -n: name references hide which variable is assigned");
                if (v.indexOf('i') > 0) a.arithmetic();
                if (v.indexOf('f') > 0 && inv.name().equals("export")) {
                    a.block(BlockCode.NOT_ANALYSABLE, "export -f: exports a function");
                }
                continue;
            }
            int eq = v.indexOf('=');
            String name = eq >= 0 ? v.substring(0, eq) : v;
            if (name.endsWith("+")) name = name.substring(0, name.length() - 1);
            int br = name.indexOf('[');
            if (br > 0) name = name.substring(0, br);
            if (eq >= 0 || inv.name().equals("export")) a.assignment(name, inv.name());
        }
        a.risk(RiskTier.SAFE, inv.name(), "sets shell variables");
        return Data.NONE;
    }

    private static Data readVars(Invocation inv, Analysis a) {
        List<Arg> args = inv.args();
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            String v = arg.value();
            if (v == null) {
                a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": variable name " + arg.display() + " is not a literal");
                continue;
            }
            if (v.startsWith("-")) {
                // options that take a value: skip it (read -p prompt, -d delim, -n count, -t timeout, -u fd ...)
                if (v.length() == 2 && "adnNptuCcsO".indexOf(v.charAt(1)) >= 0) {
                    if (v.equals("-a") && i + 1 < args.size() && args.get(i + 1).value() != null) {
                        a.assignment(args.get(i + 1).value(), inv.name());
                    }
                    i++;
                }
                continue;
            }
            a.assignment(v, inv.name());
        }
        a.risk(RiskTier.SAFE, inv.name(), "reads into variables");
        return Data.NONE;
    }
}
