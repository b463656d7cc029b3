package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;

/**
 * tar: options that run programs make it not analysable; extraction overwrites (destructive, and
 * critical into a system directory); creating an archive is moderate; listing is safe.
 */
final class TarRules {
    private static final List<String> PROGRAM_OPTIONS = List.of("--to-command", "--use-compress-program",
            "--checkpoint-action", "--info-script", "--new-volume-script", "--rsh-command", "--rmt-command", "--lzip-program");

    private TarRules() {}

    static Data tar(Invocation inv, Analysis a) {
        List<Arg> args = inv.args();
        boolean extract = false;
        boolean create = false;
        boolean update = false;
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            String v = arg.value();
            if (v == null) continue;
            if (v.startsWith("--")) {
                String opt = v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
                for (String p : PROGRAM_OPTIONS) {
                    if (p.startsWith(opt) && opt.length() >= 6) {
                        a.block(BlockCode.NOT_ANALYSABLE, "tar " + opt + ": option runs a program");
                    }
                }
                switch (opt) {
                    case "--extract", "--get" -> extract = true;
                    case "--create" -> create = true;
                    case "--append", "--update", "--delete", "--concatenate" -> update = true;
                    default -> { }
                }
            } else if (v.startsWith("-") || i == 0) {
                // "-xzf" or the old style "xzf" as the first argument
                String cluster = v.startsWith("-") ? v.substring(1) : v;
                for (int k = 0; k < cluster.length(); k++) {
                    char c = cluster.charAt(k);
                    if (c == 'I' || c == 'F') a.block(BlockCode.NOT_ANALYSABLE, "tar -" + c + ": option runs a program");
                    if (c == 'x') extract = true;
                    if (c == 'c') create = true;
                    if (c == 'r' || c == 'u' || c == 'A') update = true;
                    if (c == 'f' || c == 'C' || c == 'T' || c == 'X' || c == 'b' || c == 'H' || c == 'V' || c == 'g' || c == 'N') {
                        break; // the rest of the cluster (or the next argument) is this option's value
                    }
                }
            }
        }
        if (extract) {
            List<Arg> dirs = Flags.values(args, 'C', "--directory");
            if (dirs.isEmpty()) {
                a.risk(RiskTier.DESTRUCTIVE, "tar -x", "extracts files, may overwrite");
            }
            for (Arg d : dirs) a.writes("tar -x", "extracts files, may overwrite", d, false, RiskTier.DESTRUCTIVE);
        } else if (update) {
            a.risk(RiskTier.DESTRUCTIVE, "tar", "modifies an archive");
        } else if (create) {
            a.risk(RiskTier.MODERATE, "tar -c", "creates an archive");
        } else {
            a.risk(RiskTier.SAFE, "tar", "lists an archive");
        }
        return Analysis.opaque("tar");
    }
}
