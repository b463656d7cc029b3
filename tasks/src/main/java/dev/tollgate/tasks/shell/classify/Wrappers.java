package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Transparent wrappers (SPEC §7.4 step 4): {@code env nice nohup timeout stdbuf time command exec
 * builtin xargs}. They only change how the wrapped command runs, so they need not appear in
 * allowed_commands themselves (the wrapped command must), but blocked_commands still applies to
 * them, and the wrapped command goes through every check as if written alone. Privilege wrappers
 * ({@code sudo}, {@code doas}, ...) are not transparent: see {@link PrivilegeRules}.
 *
 * <p>An option a wrapper is not known to take, or a non-literal argument where an option or the
 * wrapped name may be, makes the input not analysable: guessing there would let a command hide.
 */
final class Wrappers {
    private static final Set<String> TRANSPARENT =
            Set.of("env", "nice", "nohup", "timeout", "stdbuf", "time", "command", "exec", "builtin", "xargs");

    private Wrappers() {}

    static boolean isTransparent(String name) {
        return TRANSPARENT.contains(name);
    }

    static Data unwrap(Invocation inv, Analysis a) {
        List<Arg> args = inv.args();
        int i = 0;
        boolean implicit = inv.implicitOperands();
        Data stdin = inv.stdin();
        String name = inv.name();
        switch (name) {
            case "env" -> {
                for (; i < args.size(); i++) {
                    String v = args.get(i).value();
                    if (v == null) return unknownArg(inv, a, i);
                    if (v.equals("--")) {
                        i++;
                        break;
                    }
                    if (v.equals("-i") || v.equals("-0") || v.equals("-v") || v.equals("--ignore-environment")
                            || v.equals("--null") || v.equals("--debug") || v.equals("-")) continue;
                    if (v.equals("-u") || v.equals("--unset") || v.equals("-C") || v.equals("--chdir")) {
                        if (v.startsWith("-C") || v.startsWith("--chdir")) a.cwd = null;
                        i++;
                        continue;
                    }
                    if (v.startsWith("--unset=") || (v.startsWith("-u") && v.length() > 2)) continue;
                    if (v.startsWith("--chdir=") || (v.startsWith("-C") && v.length() > 2)) {
                        a.cwd = null;
                        continue;
                    }
                    if (v.startsWith("-")) {
                        a.block(BlockCode.NOT_ANALYSABLE, "env " + v + ": option not analysable (may split or search for the command)");
                        return Analysis.opaque(name);
                    }
                    int eq = v.indexOf('=');
                    if (eq > 0) {
                        a.assignment(v.substring(0, eq), "env");
                        continue;
                    }
                    break;
                }
            }
            case "nice" -> {
                for (; i < args.size(); i++) {
                    String v = args.get(i).value();
                    if (v == null) return unknownArg(inv, a, i);
                    if (v.equals("-n") || v.equals("--adjustment")) {
                        i++;
                    } else if (!v.startsWith("-")) {
                        break;
                    } else if (v.equals("--")) {
                        i++;
                        break;
                    }
                }
            }
            case "nohup", "builtin" -> {
                if (i < args.size() && "--".equals(args.get(i).value())) i++;
            }
            case "timeout" -> {
                for (; i < args.size(); i++) {
                    String v = args.get(i).value();
                    if (v == null) break;
                    if (v.equals("-s") || v.equals("-k") || v.equals("--signal") || v.equals("--kill-after")) {
                        i++;
                    } else if (v.equals("--")) {
                        i++;
                        break;
                    } else if (!v.startsWith("-")) {
                        break;
                    }
                }
                i++; // the duration
            }
            case "stdbuf" -> {
                for (; i < args.size(); i++) {
                    String v = args.get(i).value();
                    if (v == null) return unknownArg(inv, a, i);
                    if (v.equals("-i") || v.equals("-o") || v.equals("-e")) {
                        i++;
                    } else if (v.equals("--")) {
                        i++;
                        break;
                    } else if (!v.startsWith("-")) {
                        break;
                    }
                }
            }
            case "time" -> {
                for (; i < args.size(); i++) {
                    String v = args.get(i).value();
                    if (v == null) return unknownArg(inv, a, i);
                    if (v.equals("-o") || v.equals("--output")) {
                        if (i + 1 < args.size()) a.writes("time -o", "writes a file", args.get(i + 1), false, RiskTier.DESTRUCTIVE);
                        i++;
                    } else if (v.equals("-f") || v.equals("--format")) {
                        i++;
                    } else if (v.equals("--")) {
                        i++;
                        break;
                    } else if (!v.startsWith("-")) {
                        break;
                    }
                }
            }
            case "command" -> {
                for (; i < args.size(); i++) {
                    String v = args.get(i).value();
                    if (v == null) return unknownArg(inv, a, i);
                    if (v.equals("-v") || v.equals("-V")) {
                        a.risk(RiskTier.SAFE, "command " + v, "looks a command up");
                        return Analysis.opaque(name);
                    }
                    if (v.equals("--")) {
                        i++;
                        break;
                    }
                    if (!v.startsWith("-")) break;
                }
            }
            case "exec" -> {
                for (; i < args.size(); i++) {
                    String v = args.get(i).value();
                    if (v == null) return unknownArg(inv, a, i);
                    if (v.equals("-a")) {
                        i++;
                    } else if (v.equals("--")) {
                        i++;
                        break;
                    } else if (!v.startsWith("-")) {
                        break;
                    }
                }
            }
            case "xargs" -> {
                implicit = true;
                stdin = Data.NONE;
                for (; i < args.size(); i++) {
                    String v = args.get(i).value();
                    if (v == null) return unknownArg(inv, a, i);
                    if (v.equals("--")) {
                        i++;
                        break;
                    }
                    if (!v.startsWith("-")) break;
                    if (v.length() == 2 && "adEILnPs".indexOf(v.charAt(1)) >= 0) {
                        i++;
                    } else if (v.equals("--arg-file") || v.equals("--delimiter") || v.equals("--eof") || v.equals("--replace")
                            || v.equals("--max-lines") || v.equals("--max-args") || v.equals("--max-procs") || v.equals("--max-chars")
                            || v.equals("--process-slot-var")) {
                        i++;
                    }
                }
            }
            default -> throw new IllegalStateException(name);
        }
        if (i >= args.size()) {
            a.risk(RiskTier.SAFE, name, name.equals("xargs") ? "runs echo" : "runs nothing");
            return Analysis.opaque(name);
        }
        List<Arg> inner = new ArrayList<>(args.subList(i, args.size()));
        if (name.equals("xargs") && inner.isEmpty()) return Analysis.opaque(name);
        return a.invoke(inner, stdin, implicit, false);
    }

    private static Data unknownArg(Invocation inv, Analysis a, int i) {
        a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": argument " + inv.args().get(i).display() + " is not a literal");
        return Analysis.opaque(inv.name());
    }
}
