package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Map;

/**
 * Commands that run another command as another user (sudo, doas, su, pkexec, runuser). Unlike
 * the transparent wrappers they must themselves be allowed (blocked_commands usually names them);
 * the wrapped command is classified too, and running as another user is at least destructive.
 */
final class PrivilegeRules {
    private PrivilegeRules() {}

    static void register(Map<String, Rule> rules) {
        rules.put("sudo", (inv, a) -> wrap(inv, a, "ugCDhprtTUa"));
        rules.put("doas", (inv, a) -> wrap(inv, a, "uC"));
        rules.put("pkexec", (inv, a) -> wrap(inv, a, ""));
        rules.put("runuser", PrivilegeRules::su);
        rules.put("su", PrivilegeRules::su);
    }

    private static Data wrap(Invocation inv, Analysis a, String valued) {
        List<Arg> args = inv.args();
        int i = 0;
        for (; i < args.size(); i++) {
            String v = args.get(i).value();
            if (v == null) {
                a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": argument " + args.get(i).display() + " is not a literal");
                return Analysis.opaque(inv.name());
            }
            if (v.equals("--")) {
                i++;
                break;
            }
            if (!v.startsWith("-")) break;
            if (v.equals("--user")) i++;
            if (v.length() == 2 && valued.indexOf(v.charAt(1)) >= 0) i++;
        }
        a.risk(RiskTier.DESTRUCTIVE, inv.name(), "runs a command as another user");
        if (i >= args.size()) {
            if (Flags.has(args, "lvkK", "--list", "--validate")) return Analysis.opaque(inv.name());
            a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": opens a shell as another user");
            return Analysis.opaque(inv.name());
        }
        return a.invoke(args.subList(i, args.size()), inv.stdin(), inv.implicitOperands(), false);
    }

    private static Data su(Invocation inv, Analysis a) {
        a.risk(RiskTier.DESTRUCTIVE, inv.name(), "runs a command as another user");
        List<Arg> cmd = Flags.values(inv.args(), 'c', "--command");
        if (cmd.isEmpty()) {
            if (inv.name().equals("runuser")) {
                int dd = -1;
                for (int i = 0; i < inv.args().size(); i++) if ("--".equals(inv.args().get(i).value())) dd = i;
                if (dd >= 0 && dd + 1 < inv.args().size()) return a.invoke(inv.args().subList(dd + 1, inv.args().size()), inv.stdin(), false, false);
            }
            a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": opens a shell as another user");
            return Analysis.opaque(inv.name());
        }
        for (Arg c : cmd) {
            if (c.value() == null) {
                a.block(BlockCode.NOT_ANALYSABLE, inv.name() + " -c: script " + c.display() + " is not a literal");
            } else {
                a.runScript(c.value(), inv.name() + " -c");
            }
        }
        return Analysis.opaque(inv.name());
    }
}
