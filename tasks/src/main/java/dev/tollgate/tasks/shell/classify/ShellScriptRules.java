package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.shell.syntax.Script;
import dev.tollgate.tasks.shell.syntax.WordPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shells and what they run (SPEC §7.4 step 2): the literal script of {@code -c} and literal data
 * on stdin are parsed and classified as commands (the shell adds no risk of its own, depth ≤ 3);
 * a non-literal script is not analysable; a download piped in is critical; a script file is
 * destructive. Also {@code source}/{@code .}, {@code trap} and {@code busybox}.
 */
final class ShellScriptRules {
    private ShellScriptRules() {}

    static void register(Map<String, Rule> rules) {
        for (String n : List.of("bash", "sh", "zsh", "dash", "ksh", "ash", "mksh", "rbash", "yash", "posh")) {
            rules.put(n, ShellScriptRules::shell);
        }
        rules.put("fish", (inv, a) -> {
            a.block(BlockCode.NOT_ANALYSABLE, "fish: not bash syntax");
            return Analysis.opaque("fish");
        });
        rules.put("source", ShellScriptRules::source);
        rules.put(".", ShellScriptRules::source);
        rules.put("trap", ShellScriptRules::trap);
        rules.put("busybox", (inv, a) -> {
            if (inv.args().isEmpty()) {
                a.risk(RiskTier.SAFE, "busybox", "lists applets");
                return Analysis.opaque("busybox");
            }
            return a.invoke(inv.args(), inv.stdin(), inv.implicitOperands(), false);
        });
        for (String n : List.of("watch", "parallel", "flock", "setsid", "ionice", "chrt", "taskset", "unbuffer", "strace",
                "ltrace", "valgrind", "gdb", "chroot", "unshare", "nsenter", "setpriv", "systemd-run", "at", "batch",
                "script", "expect", "tmux", "screen", "firejail", "proot", "catchsegv", "entr", "caffeinate", "sg", "newgrp")) {
            rules.put(n, (inv, a) -> {
                a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": runs another program in a way that is not unwrapped");
                return Analysis.opaque(inv.name());
            });
        }
    }

    private static Data shell(Invocation inv, Analysis a) {
        List<Arg> args = inv.args();
        boolean commandMode = false;
        boolean stdinMode = false;
        int i = 0;
        for (; i < args.size(); i++) {
            Arg arg = args.get(i);
            String v = arg.value();
            if (v == null) break;
            if (v.equals("--") || v.equals("-")) {
                i++;
                break;
            }
            if (v.equals("--rcfile") || v.equals("--init-file")) {
                a.block(BlockCode.NOT_ANALYSABLE, inv.name() + " " + v + ": start-up file not analysable");
                i++;
                continue;
            }
            if (v.startsWith("--")) continue;
            if (!(v.startsWith("-") || v.startsWith("+"))) break;
            if (v.equals("-o") || v.equals("+o") || v.equals("-O") || v.equals("+O")) {
                i++;
                continue;
            }
            if (v.indexOf('c', 1) > 0) commandMode = true;
            if (v.indexOf('s', 1) > 0 && v.charAt(0) == '-') {
                // -s: the script comes from stdin; the remaining words are its positional parameters.
                stdinMode = true;
                i++;
                break;
            }
        }
        String name = inv.name();
        if (commandMode) {
            if (i >= args.size()) {
                a.block(BlockCode.NOT_ANALYSABLE, name + " -c: no script");
                return Analysis.opaque(name);
            }
            Arg script = args.get(i);
            if (!script.literal() && script.value() == null) {
                a.block(BlockCode.NOT_ANALYSABLE, name + " -c: script " + script.display() + " is not a literal");
                return Analysis.opaque(name);
            }
            if (inv.implicitOperands() && script.value() == null) {
                a.block(BlockCode.NOT_ANALYSABLE, name + " -c: script supplied at run time");
                return Analysis.opaque(name);
            }
            a.runScript(script.value(), name + " -c");
            return Analysis.opaque(name);
        }
        if (i < args.size() && !stdinMode) {
            return scriptFile(name, args.get(i), a);
        }
        if (inv.implicitOperands()) {
            a.block(BlockCode.NOT_ANALYSABLE, name + ": script supplied at run time");
            return Analysis.opaque(name);
        }
        return stdin(name, inv.stdin(), a);
    }

    private static Data stdin(String name, Data in, Analysis a) {
        if (in instanceof Data.Literal lit) {
            a.runScript(lit.text(), name + " <<");
        } else if (in instanceof Data.Remote r) {
            a.risk(RiskTier.CRITICAL, name, "remote code piped into a shell (" + r.source() + ")");
        } else if (in instanceof Data.File f) {
            a.risk(RiskTier.DESTRUCTIVE, name, "runs a script file (" + f.name() + ")");
        } else if (in instanceof Data.Opaque o) {
            a.block(BlockCode.NOT_ANALYSABLE, name + ": non-literal data piped into a shell (" + o.source() + ")");
        } else {
            a.risk(RiskTier.MODERATE, name, "starts a shell with nothing to run");
        }
        return Analysis.opaque(name);
    }

    /** {@code bash file}, {@code source file}, {@code bash <(curl ...)}. */
    private static Data scriptFile(String name, Arg file, Analysis a) {
        if (file.word() != null) {
            for (WordPart p : file.word().parts()) {
                if (p instanceof WordPart.ProcessSub ps) {
                    if (downloads(ps.script())) {
                        a.risk(RiskTier.CRITICAL, name, "remote code piped into a shell (process substitution)");
                    } else {
                        a.block(BlockCode.NOT_ANALYSABLE, name + ": runs the output of a process substitution");
                    }
                    return Analysis.opaque(name);
                }
            }
        }
        if (!file.literal()) {
            a.block(BlockCode.NOT_ANALYSABLE, name + ": script file " + file.display() + " is not a literal");
            return Analysis.opaque(name);
        }
        a.risk(RiskTier.DESTRUCTIVE, name, "runs a script file (" + file.value() + ")");
        return Analysis.opaque(name);
    }

    /** True when the last command of a process substitution's script is a downloader. */
    private static boolean downloads(Script s) {
        if (s.items().isEmpty()) return false;
        var pipes = s.items().get(s.items().size() - 1).andOr().pipelines();
        var cmds = pipes.get(pipes.size() - 1).commands();
        if (!(cmds.get(cmds.size() - 1) instanceof dev.tollgate.tasks.shell.syntax.Command.Simple sc) || sc.words().isEmpty()) return false;
        String n = Arg.of(sc.words().get(0)).value();
        if (n == null) return false;
        n = n.substring(n.lastIndexOf('/') + 1);
        return n.equals("curl") || n.equals("wget") || n.equals("fetch") || n.equals("nc");
    }

    private static Data source(Invocation inv, Analysis a) {
        List<Arg> ops = Flags.operands(inv.args(), java.util.Set.of());
        if (ops.isEmpty()) {
            a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": no file");
            return Analysis.opaque(inv.name());
        }
        return scriptFile(inv.name(), ops.get(0), a);
    }

    private static Data trap(Invocation inv, Analysis a) {
        List<Arg> args = new ArrayList<>(inv.args());
        if (!args.isEmpty() && "--".equals(args.get(0).value())) args.remove(0);
        if (args.isEmpty() || Flags.any(args.subList(0, 1), "-p", "-l", "-", "")) {
            a.risk(RiskTier.SAFE, "trap", "lists or resets traps");
            return Data.NONE;
        }
        Arg action = args.get(0);
        if (action.value() == null) {
            a.block(BlockCode.NOT_ANALYSABLE, "trap: action " + action.display() + " is not a literal");
        } else {
            a.runScript(action.value(), "trap");
        }
        return Data.NONE;
    }
}
