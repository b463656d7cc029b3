package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Commands that only read (SPEC §7.4 step 6 {@code safe}), with the few options that make them write. */
final class ReadOnlyRules {
    private static final List<String> READERS = List.of("ls", "dir", "cat", "tac", "head", "tail", "grep", "egrep",
            "fgrep", "rg", "ag", "wc", "pwd", "stat", "file", "du", "df", "which", "whereis", "type", "true", "false",
            "test", "[", "date", "whoami", "id", "uname", "basename", "dirname", "realpath", "readlink", "cut", "tr",
            "diff", "cmp", "comm", "nl", "od", "hexdump", "jq", "tree", "printenv", "sha1sum", "sha256sum", "sha512sum",
            "md5sum", "cksum", "b2sum", "column", "seq", "sleep", "nproc", "free", "uptime", "ps", "lsof", "locale",
            "tput", "getconf", "ping", "dig", "nslookup", "host", "less", "more", "strings", "rev", "fold", "fmt",
            "expand", "unexpand", "paste", "join", "base64", "base32", "zcat", "zgrep", "bzcat", "xzcat", "lsblk", "groups",
            "logname", "tty", "arch", "expr", "cal", "look", "numfmt", "tsort", ":", "echo", "printf");

    private ReadOnlyRules() {}

    static void register(Map<String, Rule> rules) {
        Rule read = (inv, a) -> {
            a.risk(RiskTier.SAFE, inv.name(), "reads only");
            return Analysis.opaque(inv.name());
        };
        for (String n : READERS) rules.put(n, read);
        rules.put("echo", ReadOnlyRules::echo);
        rules.put("printf", ReadOnlyRules::printf);
        rules.put("cat", ReadOnlyRules::cat);
        rules.put("env", read);
        rules.put("sort", (inv, a) -> {
            for (Arg o : Flags.values(inv.args(), 'o', "--output")) a.writes("sort -o", "writes a file", o, false, RiskTier.DESTRUCTIVE);
            if (!Flags.has(inv.args(), "o", "--output")) a.risk(RiskTier.SAFE, "sort", "reads only");
            return Analysis.opaque("sort");
        });
        rules.put("uniq", (inv, a) -> {
            List<Arg> ops = Flags.operands(inv.args(), Set.of("-f", "-s", "-w"));
            if (ops.size() >= 2) {
                a.writes("uniq", "writes its output file", ops.get(1), false, RiskTier.DESTRUCTIVE);
            } else {
                a.risk(RiskTier.SAFE, "uniq", "reads only");
            }
            return Analysis.opaque("uniq");
        });
        rules.put("hostname", (inv, a) -> {
            boolean sets = !Flags.operands(inv.args(), Set.of()).isEmpty();
            a.risk(sets ? RiskTier.DESTRUCTIVE : RiskTier.SAFE, "hostname", sets ? "changes the host name" : "reads only");
            return Analysis.opaque("hostname");
        });
    }

    /** {@code echo} of literal words outputs known text, which matters when piped into a shell. */
    private static Data echo(Invocation inv, Analysis a) {
        a.risk(RiskTier.SAFE, "echo", "prints its arguments");
        StringBuilder sb = new StringBuilder();
        boolean newline = true;
        boolean first = true;
        for (Arg arg : inv.args()) {
            if (!arg.literal()) return new Data.Opaque("echo of an expansion");
            String v = arg.value();
            if (first && (v.equals("-n") || v.equals("-e") || v.equals("-E") || v.equals("-ne") || v.equals("-en"))) {
                if (v.contains("n")) newline = false;
                if (v.contains("e")) return new Data.Opaque("echo -e");
                continue;
            }
            if (!first || sb.length() > 0) sb.append(' ');
            sb.append(v);
            first = false;
        }
        if (newline) sb.append('\n');
        return inv.implicitOperands() ? new Data.Opaque("echo with run-time arguments") : new Data.Literal(sb.toString());
    }

    private static Data printf(Invocation inv, Analysis a) {
        List<Arg> args = inv.args();
        if (!args.isEmpty() && "-v".equals(args.get(0).value())) {
            if (args.size() > 1) {
                Arg var = args.get(1);
                if (var.value() == null) {
                    a.block(BlockCode.NOT_ANALYSABLE, "printf -v: variable name is not a literal");
                } else {
                    a.assignment(var.value().replaceAll("\\[.*", ""), "printf -v");
                }
            }
            a.risk(RiskTier.SAFE, "printf -v", "assigns a variable");
            return Data.NONE;
        }
        a.risk(RiskTier.SAFE, "printf", "prints its arguments");
        if (args.size() == 1 && args.get(0).literal() && !inv.implicitOperands()) {
            String f = args.get(0).value();
            if (f.indexOf('%') < 0 && f.indexOf('\\') < 0) return new Data.Literal(f);
        }
        return new Data.Opaque("printf output");
    }

    /** {@code cat} with no file passes its stdin on (a here-document through cat into a shell); file contents are opaque. */
    private static Data cat(Invocation inv, Analysis a) {
        a.risk(RiskTier.SAFE, "cat", "reads only");
        List<Arg> ops = Flags.operands(inv.args(), Set.of());
        if (ops.isEmpty() && !inv.implicitOperands()) return inv.stdin();
                return new Data.Opaque("cat of files");
    }
}
