package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Network clients. Sending data or a mutating method is destructive (a network mutation); writing
 * the response to a file is destructive; a plain fetch to stdout is moderate, and its output is
 * {@link Data.Remote}, which piped into a shell makes the input critical.
 */
final class NetworkRules {
    /** curl short options that take a value (the rest of the cluster or the next argument). */
    private static final String CURL_VALUED = "AbcCdDeEFhHKmoQrTuUwxXYyzP";

    private NetworkRules() {}

    static void register(Map<String, Rule> rules) {
        rules.put("curl", NetworkRules::curl);
        rules.put("wget", NetworkRules::wget);
        for (String n : List.of("ssh", "scp", "sftp", "rsync", "nc", "ncat", "netcat", "socat", "telnet", "ftp", "rclone", "sshpass")) {
            rules.put(n, NetworkRules::remote);
        }
        rules.put("http", NetworkRules::httpie);
        rules.put("https", NetworkRules::httpie);
    }

    private static Data curl(Invocation inv, Analysis a) {
        List<Arg> args = inv.args();
        boolean mutates = false;
        boolean writes = false;
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            String v = arg.value();
            if (v == null || !v.startsWith("-") || v.equals("-")) continue;
            if (v.startsWith("--")) {
                String opt = v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
                Arg value = v.contains("=") ? new Arg(v.substring(v.indexOf('=') + 1), v, false, true, null)
                        : (i + 1 < args.size() ? args.get(i + 1) : null);
                if (opt.startsWith("--data") || opt.equals("--form") || opt.equals("--form-string") || opt.equals("--upload-file")
                        || opt.equals("--json") || opt.equals("--mail-rcpt") || opt.equals("--ftp-create-dirs")) {
                    a.risk(RiskTier.DESTRUCTIVE, "curl " + opt, "sends data (network mutation)");
                    mutates = true;
                } else if (opt.equals("--request")) {
                    mutates |= method(value, a);
                } else if (opt.equals("--output") || opt.equals("--dump-header") || opt.equals("--cookie-jar") || opt.equals("--trace")
                        || opt.equals("--trace-ascii") || opt.equals("--stderr") || opt.equals("--etag-save") || opt.equals("--hsts") || opt.equals("--alt-svc")) {
                    if (value != null && !"-".equals(value.value())) {
                        a.writes("curl " + opt, "writes a file", value, false, RiskTier.DESTRUCTIVE);
                        writes = true;
                    }
                } else if (opt.equals("--remote-name") || opt.equals("--remote-name-all") || opt.equals("--output-dir")) {
                    a.risk(RiskTier.DESTRUCTIVE, "curl " + opt, "writes a file");
                    writes = true;
                } else if (opt.equals("--config")) {
                    a.block(BlockCode.NOT_ANALYSABLE, "curl --config: options read from a file");
                }
                if (!v.contains("=") && takesValue(opt)) i++;
                continue;
            }
            for (int k = 1; k < v.length(); k++) {
                char c = v.charAt(k);
                if (CURL_VALUED.indexOf(c) >= 0) {
                    Arg value = k + 1 < v.length() ? new Arg(v.substring(k + 1), v.substring(k + 1), false, true, null)
                            : (i + 1 < args.size() ? args.get(i + 1) : null);
                    if (k + 1 >= v.length()) i++;
                    switch (c) {
                        case 'd', 'F', 'T' -> {
                            a.risk(RiskTier.DESTRUCTIVE, "curl -" + c, "sends data (network mutation)");
                            mutates = true;
                        }
                        case 'X' -> mutates |= method(value, a);
                        case 'o', 'D', 'c' -> {
                            if (value != null && !"-".equals(value.value())) {
                                a.writes("curl -" + c, "writes a file", value, false, RiskTier.DESTRUCTIVE);
                                writes = true;
                            }
                        }
                        case 'K' -> a.block(BlockCode.NOT_ANALYSABLE, "curl -K: options read from a file");
                        default -> { }
                    }
                    break;
                }
                if (c == 'O' || c == 'J') {
                    a.risk(RiskTier.DESTRUCTIVE, "curl -O", "writes a file");
                    writes = true;
                }
            }
        }
        if (!mutates && !writes) a.risk(RiskTier.MODERATE, "curl", "network request");
        return writes ? Analysis.opaque("curl") : new Data.Remote("curl");
    }

    private static boolean takesValue(String opt) {
        return switch (opt) {
            case "--output", "--request", "--header", "--user", "--user-agent", "--referer", "--proxy", "--cookie", "--cookie-jar",
                    "--dump-header", "--form", "--form-string", "--upload-file", "--json", "--config", "--max-time", "--connect-timeout",
                    "--retry", "--cacert", "--cert", "--key", "--output-dir", "--write-out", "--resolve", "--trace", "--trace-ascii",
                    "--stderr", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--data-ascii", "--url", "--oauth2-bearer" -> true;
            default -> false;
        };
    }

    private static boolean method(Arg value, Analysis a) {
        String m = value == null || value.value() == null ? null : value.value().toUpperCase(Locale.ROOT);
        if (m == null || !(m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS"))) {
            a.risk(RiskTier.DESTRUCTIVE, "curl -X " + (value == null ? "" : value.display()), "mutating request method");
            return true;
        }
        return false;
    }

    private static Data wget(Invocation inv, Analysis a) {
        boolean stdout = false;
        boolean mutate = false;
        List<Arg> args = inv.args();
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            if (v == null) continue;
            if (v.startsWith("--post-") || v.startsWith("--body-") || v.startsWith("--method")) {
                mutate = true;
            } else if (v.startsWith("--use-askpass") || v.equals("-e") || v.startsWith("--execute") || v.startsWith("--config")) {
                a.block(BlockCode.NOT_ANALYSABLE, "wget " + v + ": runs wgetrc commands or a program");
            } else if (v.equals("-O") || v.startsWith("--output-document")) {
                Arg target = v.contains("=") ? new Arg(v.substring(v.indexOf('=') + 1), v, false, true, null)
                        : i + 1 < args.size() ? args.get(++i) : null;
                if (target != null && "-".equals(target.value())) {
                    stdout = true;
                } else if (target != null) {
                    a.writes("wget -O", "writes a file", target, false, RiskTier.DESTRUCTIVE);
                }
            } else if (v.startsWith("-") && !v.startsWith("--") && v.endsWith("O-")) {
                stdout = true;
            } else if (v.startsWith("-") && !v.startsWith("--") && v.contains("O") && v.length() > 2) {
                Arg target = v.endsWith("O") && i + 1 < args.size() ? args.get(++i)
                        : new Arg(v.substring(v.indexOf('O') + 1), v, false, true, null);
                if ("-".equals(target.value())) {
                    stdout = true;
                } else {
                    a.writes("wget -O", "writes a file", target, false, RiskTier.DESTRUCTIVE);
                }
            }
        }
        if (mutate) a.risk(RiskTier.DESTRUCTIVE, "wget", "sends data (network mutation)");
        if (!stdout) a.risk(RiskTier.MODERATE, "wget", "downloads a file");
        else a.risk(RiskTier.MODERATE, "wget", "network request");
        return stdout ? new Data.Remote("wget") : Analysis.opaque("wget");
    }

    private static Data remote(Invocation inv, Analysis a) {
        for (Arg arg : inv.args()) {
            String v = arg.value();
            if (v != null && (v.contains("ProxyCommand") || v.contains("LocalCommand") || v.contains("PermitLocalCommand")
                    || v.equals("-e") && inv.name().equals("rsync") || v.startsWith("--rsh") || v.equals("-S") && inv.name().equals("scp")
                    || v.startsWith("EXEC:") || v.startsWith("SYSTEM:") || v.startsWith("exec:") || v.startsWith("system:") || v.equals("-F"))) {
                a.block(BlockCode.NOT_ANALYSABLE, inv.name() + " " + v + ": runs a local program");
            }
        }
        a.risk(RiskTier.DESTRUCTIVE, inv.name(), "remote access or transfer (network mutation)");
        return new Data.Remote(inv.name());
    }

    private static Data httpie(Invocation inv, Analysis a) {
        String first = Flags.subcommand(inv.args());
        boolean read = first != null && (first.equals("GET") || first.equals("HEAD") || first.startsWith("http") || first.contains("."));
        boolean data = false;
        for (Arg arg : inv.args()) if (arg.value() != null && (arg.value().contains("=") || arg.value().contains(":="))) data = true;
        a.risk(read && !data ? RiskTier.MODERATE : RiskTier.DESTRUCTIVE, inv.name(), read && !data ? "network request" : "sends data (network mutation)");
        return new Data.Remote(inv.name());
    }
}
