package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * git: global options (whose {@code -c key=value} may install a program to run), then the
 * subcommand. Force or delete pushes to protected branches and history rewrites are critical;
 * discarding work or branches is destructive; recording work is moderate; inspecting is safe.
 */
final class GitRules {
    /** Configuration keys known not to name a program or load more configuration. Every other key given with -c, or set with git config, is refused. */
    private static final Set<String> HARMLESS_KEYS = Set.of("user.name", "user.email", "core.autocrlf", "core.quotepath",
            "core.safecrlf", "core.filemode", "core.ignorecase", "core.longpaths", "core.eol", "init.defaultbranch",
            "pull.rebase", "pull.ff", "push.default", "push.autosetupremote", "merge.ff", "safe.directory", "commit.gpgsign", "tag.gpgsign",
            "http.sslverify", "diff.renames", "diff.algorithm", "gc.auto", "fetch.prune", "rebase.autostash",
            "maintenance.auto", "format.pretty", "branch.autosetupmerge", "submodule.recurse", "credential.usehttppath");
    private static final String[] HARMLESS_PREFIXES = {"color.", "advice.", "log.", "status.", "column.", "i18n.", "versionsort.", "blame."};

    private static final Set<String> SAFE = Set.of("status", "log", "diff", "show", "blame", "grep", "describe", "shortlog",
            "ls-files", "ls-tree", "ls-remote", "rev-parse", "rev-list", "cat-file", "show-ref", "for-each-ref", "name-rev",
            "whatchanged", "count-objects", "fsck", "verify-commit", "verify-tag", "help", "version", "var", "check-ignore",
            "check-attr", "merge-base", "cherry", "show-branch", "range-diff", "annotate", "diff-tree", "diff-files", "diff-index");
    private static final Set<String> MODERATE = Set.of("add", "commit", "fetch", "pull", "merge", "init", "clone", "mv",
            "cherry-pick", "revert", "am", "apply", "notes", "stage", "archive", "worktree", "submodule", "bisect", "gc",
            "switch", "checkout", "restore", "tag", "remote", "stash", "config", "sparse-checkout", "format-patch", "bundle",
            "maintenance", "rerere", "mergetool", "difftool", "lfs");
    private static final Set<String> GLOBAL_WITH_VALUE = Set.of("-C", "-c", "--git-dir", "--work-tree", "--namespace",
            "--super-prefix", "--list-cmds", "--attr-source");

    private GitRules() {}

    static void register(Map<String, Rule> rules) {
        rules.put("git", GitRules::git);
    }

    /** Index of the subcommand in git's arguments (after global options), or args.size(). */
    static int subcommandIndex(List<Arg> args) {
        int i = 0;
        while (i < args.size()) {
            String v = args.get(i).value();
            if (v == null || !v.startsWith("-")) return i;
            i += GLOBAL_WITH_VALUE.contains(v) ? 2 : 1;
        }
        return Math.min(i, args.size());
    }

    static boolean harmlessKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (HARMLESS_KEYS.contains(k)) return true;
        for (String p : HARMLESS_PREFIXES) if (k.startsWith(p)) return true;
        return false;
    }

    private static Data git(Invocation inv, Analysis a) {
        List<Arg> args = inv.args();
        int i = 0;
        while (i < args.size()) {
            Arg arg = args.get(i);
            String v = arg.value();
            if (v == null) {
                a.block(BlockCode.NOT_ANALYSABLE, "git: argument " + arg.display() + " is not a literal");
                return Analysis.opaque("git");
            }
            if (!v.startsWith("-")) break;
            if (v.equals("-c")) {
                Arg kv = i + 1 < args.size() ? args.get(i + 1) : null;
                if (kv == null || kv.value() == null) {
                    a.block(BlockCode.NOT_ANALYSABLE, "git -c: configuration is not a literal");
                } else {
                    String key = kv.value().contains("=") ? kv.value().substring(0, kv.value().indexOf('=')) : kv.value();
                    if (!harmlessKey(key)) a.block(BlockCode.NOT_ANALYSABLE, "git -c " + key + ": configuration may run a program");
                }
            } else if (v.startsWith("--config-env") || v.startsWith("--exec-path=")) {
                a.block(BlockCode.NOT_ANALYSABLE, "git " + v + ": may change which programs git runs");
            } else if (v.equals("-C") && i + 1 < args.size()) {
                Arg dir = args.get(i + 1);
                if (dir.literal()) {
                    a.cwd = PathRules.resolve(dir.value(), a.cwd);
                } else {
                    a.cwd = null;
                }
            }
            i += GLOBAL_WITH_VALUE.contains(v) ? 2 : 1;
        }
        if (i >= args.size()) {
            a.risk(RiskTier.SAFE, "git", "prints help");
            return Analysis.opaque("git");
        }
        String sub = args.get(i).value();
        List<Arg> rest = args.subList(i + 1, args.size());
        String label = "git " + sub;
        for (Arg r : rest) {
            String v = r.value();
            if (v != null && (v.startsWith("--upload-pack") || v.startsWith("--receive-pack") || v.startsWith("--exec=")
                    || v.equals("-u") && (sub.equals("clone") || sub.equals("fetch") || sub.equals("ls-remote")) || v.startsWith("--extcmd"))) {
                a.block(BlockCode.NOT_ANALYSABLE, label + " " + v + ": option runs a program");
            }
        }
        switch (sub) {
            case "push" -> push(rest, a);
            case "reset" -> a.risk(Flags.any(rest, "--hard", "--merge", "--keep") ? RiskTier.DESTRUCTIVE : RiskTier.MODERATE, label,
                    Flags.any(rest, "--hard", "--merge", "--keep") ? "discards work tree changes" : "moves HEAD");
            case "clean" -> {
                if (Flags.has(rest, "n", "--dry-run")) {
                    a.risk(RiskTier.SAFE, label, "dry run");
                } else {
                    a.risk(RiskTier.DESTRUCTIVE, label, "deletes untracked files");
                }
            }
            case "checkout" -> checkout(rest, a);
            case "restore" -> {
                boolean worktree = !Flags.has(rest, "S", "--staged") || Flags.has(rest, "W", "--worktree");
                a.risk(worktree ? RiskTier.DESTRUCTIVE : RiskTier.MODERATE, label, worktree ? "discards work tree changes" : "unstages changes");
            }
            case "switch" -> {
                boolean force = Flags.has(rest, "Cf", "--force-create", "--discard-changes", "--force");
                a.risk(force ? RiskTier.DESTRUCTIVE : RiskTier.MODERATE, label, force ? "discards changes or resets a branch" : "switches branch");
            }
            case "branch" -> branch(rest, a);
            case "tag" -> {
                if (Flags.has(rest, "d", "--delete")) {
                    a.risk(RiskTier.DESTRUCTIVE, label, "deletes a tag");
                } else if (Flags.operands(rest, Set.of("-m", "-F", "-u")).isEmpty() || Flags.has(rest, "l", "--list")) {
                    a.risk(RiskTier.SAFE, label, "lists tags");
                } else {
                    a.risk(RiskTier.MODERATE, label, "creates a tag");
                }
            }
            case "stash" -> {
                String op = Flags.subcommand(rest);
                if ("list".equals(op) || "show".equals(op)) {
                    a.risk(RiskTier.SAFE, label, "lists stashes");
                } else if ("drop".equals(op) || "clear".equals(op)) {
                    a.risk(RiskTier.DESTRUCTIVE, label + " " + op, "discards stashed work");
                } else {
                    a.risk(RiskTier.MODERATE, label, "stashes work");
                }
            }
            case "remote" -> {
                String op = Flags.subcommand(rest);
                if (op == null || op.equals("show") || op.equals("get-url")) {
                    a.risk(RiskTier.SAFE, label, "lists remotes");
                } else if (op.equals("remove") || op.equals("rm")) {
                    a.risk(RiskTier.DESTRUCTIVE, label + " " + op, "removes a remote");
                } else {
                    a.risk(RiskTier.MODERATE, label + " " + op, "changes remotes");
                }
            }
            case "config" -> config(rest, a);
            case "rm" -> a.risk(Flags.any(rest, "--cached") ? RiskTier.MODERATE : RiskTier.DESTRUCTIVE, label,
                    Flags.any(rest, "--cached") ? "untracks files" : "deletes files");
            case "commit" -> {
                if (Flags.any(rest, "--amend")) {
                    a.risk(RiskTier.DESTRUCTIVE, label + " --amend", "rewrites the last commit");
                } else {
                    a.risk(RiskTier.MODERATE, label, "records changes");
                }
            }
            case "rebase" -> {
                if (Flags.has(rest, "x", "--exec")) {
                    a.block(BlockCode.NOT_ANALYSABLE, "git rebase --exec: runs a command");
                } else if (Flags.any(rest, "--abort", "--quit", "--continue", "--skip", "--show-current-patch")) {
                    a.risk(RiskTier.MODERATE, label, "continues or ends a rebase");
                } else {
                    a.risk(RiskTier.CRITICAL, label, "history rewrite");
                }
            }
            case "filter-branch", "filter-repo", "replace" -> a.risk(RiskTier.CRITICAL, label, "history rewrite");
            case "reflog" -> {
                String op = Flags.subcommand(rest);
                if ("expire".equals(op) || "delete".equals(op)) {
                    a.risk(RiskTier.CRITICAL, label + " " + op, "reflog expiry");
                } else {
                    a.risk(RiskTier.SAFE, label, "shows the reflog");
                }
            }
            case "prune" -> a.risk(RiskTier.CRITICAL, label, "deletes unreachable objects");
            case "gc" -> {
                boolean now = false;
                for (Arg r : rest) if (r.value() != null && r.value().startsWith("--prune") && !r.value().equals("--prune")) now = true;
                a.risk(now ? RiskTier.CRITICAL : RiskTier.MODERATE, label, now ? "deletes unreachable objects now" : "repacks");
            }
            case "update-ref" -> a.risk(Flags.has(rest, "d", "--stdin") ? RiskTier.CRITICAL : RiskTier.DESTRUCTIVE, label, "rewrites refs");
            case "submodule" -> {
                if ("foreach".equals(Flags.subcommand(rest))) {
                    a.block(BlockCode.NOT_ANALYSABLE, "git submodule foreach: runs a command");
                } else {
                    a.risk(RiskTier.MODERATE, label, "updates submodules");
                }
            }
            case "bisect" -> {
                if ("run".equals(Flags.subcommand(rest))) {
                    a.block(BlockCode.NOT_ANALYSABLE, "git bisect run: runs a command");
                } else {
                    a.risk(RiskTier.MODERATE, label, "bisects");
                }
            }
            default -> {
                if (SAFE.contains(sub)) {
                    a.risk(RiskTier.SAFE, label, "reads the repository");
                    for (Arg r : rest) {
                        if (r.value() != null && r.value().startsWith("--output")) {
                            a.risk(RiskTier.DESTRUCTIVE, label + " --output", "writes a file");
                        }
                    }
                } else if (MODERATE.contains(sub)) {
                    a.risk(RiskTier.MODERATE, label, "changes the repository");
                } else {
                    a.risk(RiskTier.MODERATE, label, "unrecognised git subcommand (may be an alias)");
                }
            }
        }
        return Analysis.opaque("git");
    }

    private static void checkout(List<Arg> rest, Analysis a) {
        boolean dashdash = Flags.any(rest, "--");
        List<Arg> ops = Flags.operands(rest, Set.of("-b", "-B", "--orphan", "--conflict"));
        boolean force = Flags.has(rest, "fpB", "--force", "--patch", "--ours", "--theirs");
        boolean dot = false;
        for (Arg o : ops) if (o.value() == null || o.value().equals(".") || o.glob()) dot = true;
        if (force || dashdash || dot || ops.size() > 1) {
            a.risk(RiskTier.DESTRUCTIVE, "git checkout", "discards work tree changes");
        } else {
            a.risk(RiskTier.MODERATE, "git checkout", "switches branch");
        }
    }

    private static void branch(List<Arg> rest, Analysis a) {
        boolean delete = Flags.has(rest, "dD", "--delete");
        boolean force = Flags.has(rest, "DfMC", "--force");
        if (delete && force) {
            a.risk(RiskTier.DESTRUCTIVE, "git branch -D", "force-deletes a branch");
        } else if (delete) {
            a.risk(RiskTier.MODERATE, "git branch -d", "deletes a merged branch");
        } else if (force) {
            a.risk(RiskTier.DESTRUCTIVE, "git branch", "force-moves or overwrites a branch");
        } else if (Flags.operands(rest, Set.of("--contains", "--merged", "--no-merged", "--points-at", "--sort", "--format")).isEmpty()
                || Flags.has(rest, "alrv", "--list", "--all", "--remotes", "--show-current")) {
            a.risk(RiskTier.SAFE, "git branch", "lists branches");
        } else {
            a.risk(RiskTier.MODERATE, "git branch", "creates or renames a branch");
        }
    }

    private static void config(List<Arg> rest, Analysis a) {
        if (Flags.has(rest, "l", "--list", "--get", "--get-all", "--get-regexp", "--show-origin", "--get-urlmatch")) {
            a.risk(RiskTier.SAFE, "git config", "reads configuration");
            return;
        }
        List<Arg> ops = Flags.operands(rest, Set.of("-f", "--file", "--blob", "--type", "--default", "--comment"));
        if (ops.size() <= 1 && !Flags.has(rest, "e", "--unset", "--unset-all", "--edit", "--add", "--replace-all", "--rename-section", "--remove-section")) {
            a.risk(RiskTier.SAFE, "git config", "reads configuration");
            return;
        }
        if (Flags.has(rest, "e", "--edit")) {
            a.block(BlockCode.NOT_ANALYSABLE, "git config --edit: runs an editor");
            return;
        }
        Arg key = ops.isEmpty() ? null : ops.get(0);
        if (key == null || key.value() == null || !harmlessKey(key.value())) {
            if (!Flags.has(rest, "", "--unset", "--unset-all", "--remove-section")) {
                a.block(BlockCode.NOT_ANALYSABLE, "git config " + (key == null ? "" : key.display()) + ": key may make git run a program");
                return;
            }
        }
        boolean global = Flags.has(rest, "", "--global", "--system");
        a.risk(global ? RiskTier.DESTRUCTIVE : RiskTier.MODERATE, "git config", global ? "changes user or system configuration" : "changes repository configuration");
    }

    private static void push(List<Arg> rest, Analysis a) {
        boolean force = false;
        boolean delete = false;
        boolean mirror = false;
        List<Arg> ops = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            Arg arg = rest.get(i);
            String v = arg.value();
            if (v == null) {
                ops.add(arg);
                continue;
            }
            if (v.equals("-f") || v.equals("--force") || v.startsWith("--force-with-lease") || v.equals("--force-if-includes")) {
                force = true;
            } else if (v.equals("-d") || v.equals("--delete") || v.equals("--prune")) {
                delete = true;
            } else if (v.equals("--mirror")) {
                mirror = true;
            } else if (v.equals("-o") || v.equals("--push-option") || v.equals("--repo") || v.equals("--recurse-submodules")) {
                i++;
            } else if (v.startsWith("-") && !v.startsWith("--") && v.length() > 2) {
                if (v.indexOf('f') > 0) force = true;
                if (v.indexOf('d') > 0) delete = true;
            } else if (!v.startsWith("-")) {
                ops.add(arg);
            }
        }
        if (mirror) {
            a.risk(RiskTier.CRITICAL, "git push --mirror", "overwrites and deletes every remote ref");
            return;
        }
        List<String> targets = new ArrayList<>();
        boolean unknown = ops.size() <= 1;
        for (int i = 1; i < ops.size(); i++) {
            Arg r = ops.get(i);
            if (r.value() == null || r.glob()) {
                unknown = true;
                continue;
            }
            String spec = r.value();
            if (spec.startsWith("+")) {
                force = true;
                spec = spec.substring(1);
            }
            int colon = spec.indexOf(':');
            if (colon == 0) delete = true;
            String dst = colon >= 0 ? spec.substring(colon + 1) : spec;
            if (dst.equals("HEAD") || dst.isEmpty()) {
                unknown = true;
            } else {
                targets.add(dst);
            }
        }
        if (force || delete) {
            String what = delete ? "delete push" : "force push";
            String hit = null;
            for (String t : targets) if (a.policy().isProtected(t)) hit = t;
            if (hit != null) {
                a.risk(RiskTier.CRITICAL, "git push", what + " to protected branch " + hit);
            } else if (unknown && !a.policy().protectedBranches.isEmpty()) {
                a.risk(RiskTier.CRITICAL, "git push", what + " to a branch not named (may be protected)");
            } else {
                a.risk(RiskTier.DESTRUCTIVE, "git push", what);
            }
        } else {
            a.risk(RiskTier.DESTRUCTIVE, "git push", "publishes commits to a remote");
        }
    }
}
