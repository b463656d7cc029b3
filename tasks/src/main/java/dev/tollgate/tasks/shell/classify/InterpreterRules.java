package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Map;

/**
 * Interpreters other than shells: inline code ({@code python -c}, {@code node -e}) and script
 * files are destructive (the code is not analysed); remote code piped in is critical.
 */
final class InterpreterRules {
    private InterpreterRules() {}

    /** name → the option letters that introduce inline code, and the letters taking a value. */
    private record Spec(String inline, String valued, String[] inlineLong) {}

    private static final Map<String, Spec> SPECS = Map.ofEntries(
            Map.entry("python", new Spec("c", "WXQm", new String[] {})),
            Map.entry("node", new Spec("epr", "", new String[] {"--eval", "--print", "--require", "--import", "--loader", "--experimental-loader"})),
            Map.entry("nodejs", new Spec("epr", "", new String[] {"--eval", "--print", "--require", "--import"})),
            Map.entry("perl", new Spec("eEM", "IimxCd", new String[] {})),
            Map.entry("ruby", new Spec("er", "IECKTWx", new String[] {})),
            Map.entry("php", new Spec("rBRFE", "cdz", new String[] {})),
            Map.entry("lua", new Spec("el", "", new String[] {})),
            Map.entry("Rscript", new Spec("e", "", new String[] {"--default-packages"})),
            Map.entry("pwsh", new Spec("cC", "", new String[] {"-Command", "-EncodedCommand", "-c", "-ec"})),
            Map.entry("osascript", new Spec("e", "l", new String[] {})),
            Map.entry("tclsh", new Spec("", "", new String[] {})),
            Map.entry("java", new Spec("", "", new String[] {})),
            Map.entry("jshell", new Spec("", "", new String[] {})),
            Map.entry("groovy", new Spec("e", "", new String[] {})));

    static void register(Map<String, Rule> rules) {
        for (String n : SPECS.keySet()) rules.put(n, InterpreterRules::interpreter);
        rules.put("python", InterpreterRules::interpreter);
    }

    private static Data interpreter(Invocation inv, Analysis a) {
        String name = inv.name().startsWith("python") ? "python" : inv.name();
        Spec spec = SPECS.get(name);
        List<Arg> args = inv.args();
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            String v = arg.value();
            if (v == null) {
                a.risk(RiskTier.DESTRUCTIVE, inv.name(), "runs code named by an expansion (" + arg.display() + ")");
                return Analysis.opaque(inv.name());
            }
            if (v.equals("--version") || v.equals("-V") || v.equals("--help") || v.equals("-h") || v.equals("-version")) {
                a.risk(RiskTier.SAFE, inv.name(), "prints version or help");
                return Analysis.opaque(inv.name());
            }
            for (String l : spec.inlineLong) {
                if (v.equals(l) || v.startsWith(l + "=")) {
                    a.risk(RiskTier.DESTRUCTIVE, inv.name() + " " + l, "inline code");
                    return Analysis.opaque(inv.name());
                }
            }
            if (v.equals("-") || !v.startsWith("-")) {
                if (v.equals("-")) break;
                if (v.startsWith("http://") || v.startsWith("https://")) {
                    a.risk(RiskTier.CRITICAL, inv.name(), "runs remote code (" + v + ")");
                } else {
                    a.risk(RiskTier.DESTRUCTIVE, inv.name(), "runs a script file (" + v + ")");
                }
                return Analysis.opaque(inv.name());
            }
            if (v.startsWith("--")) continue;
            for (int k = 1; k < v.length(); k++) {
                char c = v.charAt(k);
                if (spec.inline.indexOf(c) >= 0) {
                    a.risk(RiskTier.DESTRUCTIVE, inv.name() + " -" + c, "inline code");
                    return Analysis.opaque(inv.name());
                }
                if (name.equals("python") && c == 'm') {
                    String module = k + 1 < v.length() ? v.substring(k + 1) : i + 1 < args.size() ? args.get(i + 1).display() : "";
                    boolean install = module.equals("pip") && Flags.any(args, "install", "uninstall");
                    a.risk(install ? RiskTier.DESTRUCTIVE : RiskTier.MODERATE, inv.name() + " -m " + module,
                            install ? "package install or removal" : "runs a module");
                    return Analysis.opaque(inv.name());
                }
                if (spec.valued.indexOf(c) >= 0) {
                    if (k + 1 >= v.length()) i++;
                    break;
                }
            }
        }
        Data in = inv.stdin();
        if (in instanceof Data.Remote r) {
            a.risk(RiskTier.CRITICAL, inv.name(), "remote code piped into an interpreter (" + r.source() + ")");
        } else if (in instanceof Data.None) {
            a.risk(RiskTier.MODERATE, inv.name(), "starts an interpreter with no program");
        } else {
            a.risk(RiskTier.DESTRUCTIVE, inv.name(), "runs code from stdin");
        }
        return Analysis.opaque(inv.name());
    }
}
