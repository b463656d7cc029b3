package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commands that change files: deletes, moves, copies, permission changes, in-place edits,
 * devices and filesystems. Destructive by default; critical when a target is {@code /}, {@code ~},
 * a system path, an allowed root or its ancestor, or a device, and for recursive deletes whose
 * target is not known before run time.
 */
final class FileRules {
    private FileRules() {}

    static void register(Map<String, Rule> rules) {
        rules.put("rm", FileRules::rm);
        rules.put("rmdir", (inv, a) -> targets(inv, a, "removes directories", false, Set.of()));
        rules.put("unlink", (inv, a) -> targets(inv, a, "deletes a file", false, Set.of()));
        rules.put("shred", (inv, a) -> targets(inv, a, "overwrites and deletes files", false, Set.of("-n", "-s", "--iterations", "--size")));
        rules.put("truncate", (inv, a) -> targets(inv, a, "truncates files", false, Set.of("-s", "-r", "--size", "--reference")));
        rules.put("mv", (inv, a) -> copyOrMove(inv, a, true));
        rules.put("cp", (inv, a) -> copyOrMove(inv, a, false));
        rules.put("ln", (inv, a) -> {
            List<Arg> ops = Flags.operands(inv.args(), Set.of("-t", "-S", "--target-directory", "--suffix"));
            if (Flags.has(inv.args(), "f", "--force") && !ops.isEmpty()) {
                a.writes(inv.label(), "replaces an existing file with a link", ops.get(ops.size() - 1), false, RiskTier.DESTRUCTIVE);
            } else {
                a.risk(RiskTier.MODERATE, "ln", "creates a link");
            }
            return Data.NONE;
        });
        rules.put("touch", FileRules::create);
        rules.put("mkdir", FileRules::create);
        for (String n : List.of("chmod", "chown", "chgrp")) rules.put(n, FileRules::permissions);
        rules.put("chattr", FileRules::permissions);
        rules.put("setfacl", FileRules::permissions);
        rules.put("dd", FileRules::dd);
        Rule format = (inv, a) -> {
            a.risk(RiskTier.CRITICAL, inv.name(), "formats or repartitions a block device");
            return Data.NONE;
        };
        for (String n : List.of("mkfs", "mke2fs", "mkswap", "wipefs", "fdisk", "sfdisk", "gdisk", "sgdisk", "parted", "blkdiscard", "cfdisk")) {
            rules.put(n, format);
        }
        rules.put("tee", FileRules::tee);
        rules.put("sed", FileRules::sed);
        rules.put("find", FileRules::find);
        rules.put("tar", TarRules::tar);
        rules.put("install", (inv, a) -> targets(inv, a, "installs files", false, Set.of("-m", "-o", "-g", "-t", "-S", "--mode", "--owner", "--group", "--target-directory")));
        for (String n : List.of("gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "zstd")) {
            rules.put(n, (inv, a) -> {
                boolean toStdout = Flags.has(inv.args(), "cltd", "--stdout", "--to-stdout", "--list", "--test") && !Flags.has(inv.args(), "", "--force");
                if (toStdout && (Flags.has(inv.args(), "c", "--stdout", "--to-stdout") || Flags.has(inv.args(), "lt", "--list", "--test"))) {
                    a.risk(RiskTier.SAFE, inv.name(), "reads only");
                } else {
                    a.risk(RiskTier.DESTRUCTIVE, inv.name(), "replaces files with their (de)compressed form");
                }
                return Analysis.opaque(inv.name());
            });
        }
        rules.put("unzip", (inv, a) -> {
            a.risk(Flags.has(inv.args(), "lvtZ", "--list") ? RiskTier.SAFE : RiskTier.DESTRUCTIVE, "unzip",
                    Flags.has(inv.args(), "lvtZ", "--list") ? "lists an archive" : "extracts files, may overwrite");
            return Analysis.opaque("unzip");
        });
        rules.put("zip", RuleTable.fixed(RiskTier.MODERATE, "creates an archive"));
        rules.put("patch", RuleTable.fixed(RiskTier.DESTRUCTIVE, "modifies files in place"));
        rules.put("awk", FileRules::awk);
        for (String n : List.of("gawk", "mawk", "nawk")) rules.put(n, FileRules::awk);
    }

    private static boolean recursive(List<Arg> args) {
        return Flags.has(args, "rR", "--recursive");
    }

    private static Data rm(Invocation inv, Analysis a) {
        boolean rec = recursive(inv.args());
        String label = inv.label();
        String rule = rec ? "recursive delete" : "deletes files";
        if (Flags.has(inv.args(), null, "--no-preserve-root")) {
            a.risk(RiskTier.CRITICAL, label, "--no-preserve-root");
        }
        List<Arg> ops = Flags.operands(inv.args(), Set.of());
        if (inv.implicitOperands()) ops = plus(ops, Arg.placeholder("<run-time arguments>"));
        if (ops.isEmpty()) a.risk(RiskTier.DESTRUCTIVE, label, rule);
        for (Arg t : ops) a.writes(label, rule, t, rec, RiskTier.DESTRUCTIVE);
        return Data.NONE;
    }

    private static List<Arg> plus(List<Arg> ops, Arg extra) {
        List<Arg> out = new ArrayList<>(ops);
        out.add(extra);
        return out;
    }

    private static Data targets(Invocation inv, Analysis a, String rule, boolean rec, Set<String> valued) {
        List<Arg> ops = Flags.operands(inv.args(), valued);
        if (inv.implicitOperands()) ops = plus(ops, Arg.placeholder("<run-time arguments>"));
        if (ops.isEmpty()) a.risk(RiskTier.DESTRUCTIVE, inv.label(), rule);
        for (Arg t : ops) a.writes(inv.label(), rule, t, rec, RiskTier.DESTRUCTIVE);
        return Data.NONE;
    }

    /** mv removes its sources and may overwrite; cp may overwrite its destination ({@code -n} never does). */
    private static Data copyOrMove(Invocation inv, Analysis a, boolean move) {
        Set<String> valued = Set.of("-t", "-S", "--target-directory", "--suffix", "-T");
        List<Arg> ops = Flags.operands(inv.args(), valued);
        List<Arg> targetDir = Flags.values(inv.args(), 't', "--target-directory");
        boolean noClobber = Flags.has(inv.args(), "n", "--no-clobber", "--update");
        boolean rec = move || recursive(inv.args());
        RiskTier base = noClobber ? RiskTier.MODERATE : RiskTier.DESTRUCTIVE;
        String rule = move ? (noClobber ? "moves files" : "moves files, may overwrite") : (noClobber ? "copies files" : "copies files, may overwrite");
        List<Arg> dests = new ArrayList<>(targetDir);
        if (targetDir.isEmpty() && !ops.isEmpty()) dests.add(ops.get(ops.size() - 1));
        if (inv.implicitOperands() && dests.isEmpty()) dests.add(Arg.placeholder("<run-time arguments>"));
        if (dests.isEmpty()) a.risk(base, inv.label(), rule);
        for (Arg d : dests) a.writes(inv.label(), rule, d, false, base);
        if (move) {
            for (int i = 0; i < ops.size() - (targetDir.isEmpty() ? 1 : 0); i++) {
                a.writes(inv.label(), "moves away", ops.get(i), rec, RiskTier.DESTRUCTIVE);
            }
        }
        return Data.NONE;
    }

    private static Data create(Invocation inv, Analysis a) {
        List<Arg> ops = Flags.operands(inv.args(), Set.of("-m", "-d", "-r", "-t", "--mode", "--date", "--reference"));
        String rule = inv.name().equals("mkdir") ? "creates directories" : "creates or touches files";
        // Creating is moderate; on a system path or root ancestor writes() makes it critical.
        for (Arg t : ops) a.writes(inv.label(), rule, t, false, RiskTier.MODERATE);
        if (ops.isEmpty()) a.risk(RiskTier.MODERATE, inv.label(), rule);
        return Data.NONE;
    }

    private static Data permissions(Invocation inv, Analysis a) {
        boolean rec = recursive(inv.args());
        Set<String> valued = Set.of("--reference", "-m", "-x", "-M", "-X");
        List<Arg> ops = Flags.operands(inv.args(), valued);
        // chmod/chown/chgrp/chattr: the first operand is the mode or owner (unless --reference); setfacl's ACL is an option value.
        int skip = inv.name().equals("setfacl") || Flags.has(inv.args(), null, "--reference") ? 0 : 1;
        String rule = rec ? "recursive permission change" : "permission change";
        if (ops.size() > skip) {
            for (Arg t : ops.subList(skip, ops.size())) a.writes(inv.label(), rule, t, false, RiskTier.DESTRUCTIVE);
        } else {
            a.risk(RiskTier.DESTRUCTIVE, inv.label(), rule);
        }
        if (inv.implicitOperands()) a.writes(inv.label(), rule, Arg.placeholder("<run-time arguments>"), rec, RiskTier.DESTRUCTIVE);
        return Data.NONE;
    }

    private static Data dd(Invocation inv, Analysis a) {
        boolean wrote = false;
        for (Arg arg : inv.args()) {
            String v = arg.value();
            if (v == null) {
                a.risk(RiskTier.CRITICAL, "dd", "operand " + arg.display() + " is not a literal (may write a device)");
                wrote = true;
            } else if (v.startsWith("of=")) {
                a.writes("dd " + v, "writes", new Arg(v.substring(3), v.substring(3), false, false, null), false, RiskTier.DESTRUCTIVE);
                wrote = true;
            }
        }
        if (!wrote) a.risk(RiskTier.MODERATE, "dd", "copies data to stdout");
        return Analysis.opaque("dd");
    }

    private static Data tee(Invocation inv, Analysis a) {
        List<Arg> ops = Flags.operands(inv.args(), Set.of("--output-error"));
        boolean wrote = false;
        for (Arg t : ops) {
            if (a.paths().kind(t, a.cwd) == PathRules.Kind.NULL_DEVICE) continue;
            a.writes(inv.label(), "writes a file", t, false, RiskTier.DESTRUCTIVE);
            wrote = true;
        }
        if (!wrote) a.risk(RiskTier.SAFE, "tee", "copies stdin to stdout");
        return inv.stdin();
    }

    private static Data sed(Invocation inv, Analysis a) {
        List<Arg> args = inv.args();
        boolean inPlace = false;
        List<Arg> scripts = new ArrayList<>();
        List<Arg> ops = new ArrayList<>();
        boolean rest = false;
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            String v = arg.value();
            if (rest || v == null || !v.startsWith("-") || v.equals("-")) {
                ops.add(arg);
                continue;
            }
            if (v.equals("--")) {
                rest = true;
            } else if (v.startsWith("--in-place")) {
                inPlace = true;
            } else if (v.equals("-e") || v.equals("--expression")) {
                if (i + 1 < args.size()) scripts.add(args.get(++i));
            } else if (v.startsWith("--expression=")) {
                scripts.add(new Arg(v.substring(13), v.substring(13), false, true, null));
            } else if (v.equals("-f") || v.startsWith("--file")) {
                a.block(BlockCode.NOT_ANALYSABLE, "sed -f: a sed script file may run commands (e) or write files (w)");
                if (v.equals("-f")) i++;
            } else if (v.equals("-l") || v.equals("--line-length")) {
                i++;
            } else if (!v.startsWith("--")) {
                // A short cluster: -i[SUFFIX] ends it; -e/-f inside take the rest or the next argument.
                for (int k = 1; k < v.length(); k++) {
                    char c = v.charAt(k);
                    if (c == 'i') {
                        inPlace = true;
                        break;
                    }
                    if (c == 'e' || c == 'f') {
                        if (c == 'f') a.block(BlockCode.NOT_ANALYSABLE, "sed -f: a sed script file may run commands (e) or write files (w)");
                        if (k + 1 < v.length()) {
                            if (c == 'e') scripts.add(new Arg(v.substring(k + 1), v.substring(k + 1), false, true, null));
                        } else if (i + 1 < args.size()) {
                            Arg next = args.get(++i);
                            if (c == 'e') scripts.add(next);
                        }
                        break;
                    }
                }
            }
        }
        if (scripts.isEmpty() && !ops.isEmpty()) scripts.add(ops.remove(0));
        for (Arg s : scripts) {
            if (s.value() == null) {
                a.block(BlockCode.NOT_ANALYSABLE, "sed: script " + s.display() + " is not a literal");
                continue;
            }
            switch (SedScanner.scan(s.value())) {
                case EXECUTES -> a.block(BlockCode.NOT_ANALYSABLE, "sed: script runs shell commands (e)");
                case WRITES -> a.risk(RiskTier.DESTRUCTIVE, "sed", "script writes files (w)");
                case UNKNOWN -> a.risk(RiskTier.DESTRUCTIVE, "sed", "script not understood");
                case PURE -> { }
            }
        }
        if (inPlace) {
            if (inv.implicitOperands()) ops.add(Arg.placeholder("<run-time arguments>"));
            if (ops.isEmpty()) a.risk(RiskTier.DESTRUCTIVE, "sed -i", "edits files in place");
            for (Arg t : ops) a.writes("sed -i", "edits files in place", t, false, RiskTier.DESTRUCTIVE);
        } else {
            a.risk(RiskTier.SAFE, "sed", "prints edited text");
        }
        return Analysis.opaque("sed");
    }

    /** find's own actions; -exec/-execdir/-ok/-okdir commands are classified as commands with a run-time operand. */
    private static Data find(Invocation inv, Analysis a) {
        List<Arg> args = inv.args();
        List<Arg> starts = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String v = args.get(i).value();
            if (v != null && (v.startsWith("-") || v.equals("(") || v.equals("!") || v.equals(")"))) break;
            starts.add(args.get(i));
            i++;
        }
        boolean acted = false;
        for (; i < args.size(); i++) {
            String v = args.get(i).value();
            if (v == null) continue;
            switch (v) {
                case "-exec", "-execdir", "-ok", "-okdir" -> {
                    List<Arg> cmd = new ArrayList<>();
                    int j = i + 1;
                    for (; j < args.size(); j++) {
                        String w = args.get(j).value();
                        if (";".equals(w) || ("+".equals(w) && !cmd.isEmpty())) break;
                        Arg arg = args.get(j);
                        cmd.add(w != null && w.contains("{}") ? Arg.placeholder(w) : arg);
                    }
                    if (j >= args.size()) a.block(BlockCode.NOT_ANALYSABLE, "find " + v + ": command not terminated by ';' or '+'");
                    if (!cmd.isEmpty()) a.invoke(cmd, Data.NONE, true, false);
                    i = j;
                    acted = true;
                }
                case "-delete" -> {
                    if (starts.isEmpty()) starts.add(new Arg(".", ".", false, false, null));
                    // With a filter (-name, -type ...) only matches go, so a root as the start is not itself the target.
                    boolean filtered = i > starts.size();
                    for (Arg s : starts) {
                        if (filtered && a.paths().kind(s, a.cwd) == PathRules.Kind.ROOT_ANCESTOR && s.literal()
                                && PathRules.resolve(s.value(), a.cwd) != null && a.paths().modeOf(PathRules.resolve(s.value(), a.cwd)) != null) {
                            a.risk(RiskTier.DESTRUCTIVE, "find -delete", "deletes matching files");
                        } else {
                            a.writes("find -delete", "deletes matching files", s, !filtered, RiskTier.DESTRUCTIVE);
                        }
                    }
                    acted = true;
                }
                case "-fprint", "-fprint0", "-fprintf", "-fls" -> {
                    if (i + 1 < args.size()) a.writes("find " + v, "writes a file", args.get(i + 1), false, RiskTier.DESTRUCTIVE);
                    acted = true;
                }
                default -> { }
            }
        }
        if (!acted) a.risk(RiskTier.SAFE, "find", "lists files");
        return Analysis.opaque("find");
    }

    /** awk programs can run commands (system(), pipes) and write files (print >). */
    private static Data awk(Invocation inv, Analysis a) {
        List<Arg> args = inv.args();
        Arg program = null;
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            if (v != null && (v.equals("-f") || v.startsWith("--file"))) {
                a.block(BlockCode.NOT_ANALYSABLE, inv.name() + " -f: program file not analysable");
                return Analysis.opaque(inv.name());
            }
            if (v != null && (v.equals("-v") || v.equals("-F"))) {
                i++;
                continue;
            }
            if (v == null || !v.startsWith("-")) {
                program = args.get(i);
                break;
            }
        }
        if (program == null || program.value() == null) {
            a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": program is not a literal");
        } else if (program.value().contains("system") || program.value().contains("|")) {
            a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": program may run commands (system or a pipe)");
        } else if (program.value().contains(">")) {
            a.risk(RiskTier.DESTRUCTIVE, inv.name(), "program may write files (print >)");
        } else {
            a.risk(RiskTier.SAFE, inv.name(), "processes text");
        }
        return Analysis.opaque(inv.name());
    }
}
