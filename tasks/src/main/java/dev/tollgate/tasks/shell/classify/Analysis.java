package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.policy.RootMode;
import dev.tollgate.tasks.shell.ShellDecision;
import dev.tollgate.tasks.shell.ShellVerdict;
import dev.tollgate.tasks.shell.syntax.ParseException;
import dev.tollgate.tasks.shell.syntax.Parser;
import dev.tollgate.tasks.shell.syntax.Script;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One classification: the findings of SPEC §7.4 steps 1–7 for one input. Not thread-safe; a new
 * instance per call. Rules report through {@link #risk} and {@link #block}; commands are run
 * through {@link #invoke}, which applies name resolution, the lists, unwrapping and the rule table.
 */
public final class Analysis {
    /** Nested shell scripts (bash -c, here-documents into a shell) beyond this depth are refused. */
    static final int MAX_SHELL_DEPTH = 3;

    private final Policy policy;
    private final String startCwd;
    private final Walker walker;
    private RiskTier level = RiskTier.SAFE;
    private final List<String> criticalReasons = new ArrayList<>();
    private final List<String> destructiveReasons = new ArrayList<>();
    private final List<String> moderateReasons = new ArrayList<>();
    private final List<String> safeReasons = new ArrayList<>();
    private final Set<String> blockReasons = new LinkedHashSet<>();
    private BlockCode blockCode;
    private final List<List<String>> commands = new ArrayList<>();
    /** The working directory commands run in as far as known ({@code cd} changes it; null = unknown). */
    String cwd;
    int shellDepth;

    public Analysis(Policy policy, Path cwd) {
        this.policy = policy;
        this.startCwd = cwd != null ? PathRules.cwdString(cwd) : policy.paths.firstRoot();
        this.cwd = startCwd;
        this.walker = new Walker(this);
    }

    public ShellVerdict run(String command) {
        String bad = InputScreen.check(command);
        if (bad != null) {
            block(BlockCode.INVALID_COMMAND, bad);
            return verdict();
        }
        Script script;
        try {
            script = Parser.parse(command);
        } catch (ParseException e) {
            block(BlockCode.PARSE_ERROR, "parse error: " + e.getMessage());
            return verdict();
        }
        walker.script(script, Data.NONE);
        walker.finish();
        return verdict();
    }

    Policy policy() {
        return policy;
    }

    PathRules paths() {
        return policy.paths;
    }

    void risk(RiskTier tier, String label, String rule) {
        level = level.max(tier);
        String r = label + ": " + rule + " (" + tier.wire() + ")";
        switch (tier) {
            case CRITICAL -> criticalReasons.add(r);
            case DESTRUCTIVE -> destructiveReasons.add(r);
            case MODERATE -> moderateReasons.add(r);
            case SAFE -> safeReasons.add(r);
        }
    }

    void block(BlockCode code, String reason) {
        if (blockCode == null || code.ordinal() < blockCode.ordinal()) blockCode = code;
        blockReasons.add(reason);
    }

    /** A destructive operation on {@code target}: critical on /, ~, system paths, roots' ancestors, devices; with {@code recursive}, also on a dynamic target. */
    void writes(String label, String rule, Arg target, boolean recursive, RiskTier base) {
        PathRules.Kind k = policy.paths.kind(target, cwd);
        if (k.critical()) {
            risk(RiskTier.CRITICAL, label, rule + " on " + k.description + " (" + target.display() + ")");
        } else if (k == PathRules.Kind.DYNAMIC && recursive) {
            risk(RiskTier.CRITICAL, label, rule + " with a dynamic target (" + target.display() + ")");
        } else {
            risk(base, label, rule);
        }
        if (target.literal()) {
            String p = PathRules.resolve(target.value(), cwd);
            if (p != null && policy.paths.modeOf(p) == RootMode.READ_ONLY) {
                block(BlockCode.ROOT_READ_ONLY, label + ": writes " + target.display() + " in a read_only root");
            }
        }
    }

    /** Parses and classifies a literal script run by a shell (bash -c, here-document, trap). */
    void runScript(String text, String origin) {
        if (shellDepth >= MAX_SHELL_DEPTH) {
            block(BlockCode.NOT_ANALYSABLE, origin + ": shell scripts nested deeper than " + MAX_SHELL_DEPTH + " levels");
            return;
        }
        Script s;
        try {
            s = Parser.parse(text);
        } catch (ParseException e) {
            block(BlockCode.PARSE_ERROR, origin + ": parse error in nested script: " + e.getMessage());
            return;
        }
        String savedCwd = cwd;
        shellDepth++;
        walker.script(s, Data.NONE);
        shellDepth--;
        cwd = savedCwd;
    }

    /** Notes an arithmetic context (let, declare -i): see {@link Walker#finish}. */
    void arithmetic() {
        walker.markArithmetic();
    }

    /** Checks an assignment (prefix, standalone, env, declare/export) of {@code name}. */
    void assignment(String name, String where) {
        if (DangerousVariables.isDangerous(name)) {
            block(BlockCode.NOT_ANALYSABLE, where + ": assignment to " + name + " changes what runs");
        }
    }

    /** Classifies a command given as argv (first element the name). Returns what it writes on stdout. */
    Data invoke(List<Arg> argv, Data stdin, boolean implicitOperands, boolean record) {
        if (argv.isEmpty()) return Data.NONE;
        Arg nameArg = argv.get(0);
        NameResolver.Result r = NameResolver.resolve(nameArg);
        List<Arg> args = argv.subList(1, argv.size());
        if (record) recordCommand(r.name(), args);
        switch (r.kind()) {
            case INVALID -> {
                block(BlockCode.INVALID_COMMAND, "command name " + printable(r.name()) + " contains non-ASCII or control characters");
                return opaque(r.name());
            }
            case DYNAMIC -> {
                block(BlockCode.NOT_ANALYSABLE, "command name " + r.name() + " is not a literal");
                return opaque(r.name());
            }
            case BAD_PATH -> {
                block(BlockCode.NOT_ANALYSABLE, r.name() + ": absolute command path outside /bin, /usr/bin, /usr/local/bin, /sbin, /usr/sbin");
                return opaque(r.name());
            }
            default -> {
                // a command or a script file
            }
        }
        String name = r.name();
        Invocation inv = new Invocation(name, args, stdin, implicitOperands);
        checkExcluded(r.kind() == NameResolver.Kind.SCRIPT ? argv : args, name);
        if (r.quoted()) risk(RiskTier.DESTRUCTIVE, nameArg.word() != null ? nameArg.word().source() : name, "quoting in the command name");
        List<String> norm = Normaliser.argv(name, args);
        String hit = policy.blocked.matchBlocked(norm);
        if (hit != null) block(BlockCode.BLOCKED_COMMAND, name + ": matches blocked_commands entry '" + hit + "'");
        if (Wrappers.isTransparent(name)) return Wrappers.unwrap(inv, this);
        if (policy.allowed.matchPrefix(norm) == null) {
            block(BlockCode.NOT_ALLOWED_COMMAND, display(norm) + ": not in allowed_commands");
        }
        if (r.kind() == NameResolver.Kind.SCRIPT) {
            risk(RiskTier.DESTRUCTIVE, name, "runs a script file");
            return opaque(name);
        }
        return RuleTable.lookup(name).apply(inv, this);
    }

    private void checkExcluded(List<Arg> args, String name) {
        for (Arg a : args) {
            if (a.literal() && policy.paths.excluded(a.value(), cwd)) {
                block(BlockCode.EXCLUDED_PATH, name + ": argument " + a.value() + " names an excluded path");
            }
        }
    }

    void checkExcluded(Arg a, String label) {
        if (a.literal() && policy.paths.excluded(a.value(), cwd)) {
            block(BlockCode.EXCLUDED_PATH, label + ": " + a.value() + " is an excluded path");
        }
    }

    private void recordCommand(String name, List<Arg> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(name);
        for (Arg a : args) argv.add(a.display());
        commands.add(argv);
    }

    static Data opaque(String name) {
        return new Data.Opaque("output of " + name);
    }

    private static String display(List<String> norm) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < norm.size() && i < 3; i++) {
            if (i > 0) sb.append(' ');
            sb.append(norm.get(i) == null ? "<dynamic>" : norm.get(i));
        }
        return sb.toString();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c);
        }
        return sb.toString();
    }

    private ShellVerdict verdict() {
        List<String> reasons = new ArrayList<>(blockReasons);
        reasons.addAll(criticalReasons);
        reasons.addAll(destructiveReasons);
        reasons.addAll(moderateReasons);
        reasons.addAll(safeReasons);
        List<String> dedup = new ArrayList<>(new LinkedHashSet<>(reasons));
        if (blockCode != null) {
            // What could not be analysed has no upper bound: report it as critical.
            RiskTier shown = blockCode.ordinal() <= BlockCode.NOT_ANALYSABLE.ordinal() ? RiskTier.CRITICAL : level;
            return new ShellVerdict(ShellDecision.BLOCKED, shown, dedup, commands, blockCode.wire());
        }
        if (level.atLeast(RiskTier.MODERATE) && startCwd != null && policy.paths.modeOf(startCwd) == RootMode.READ_ONLY) {
            dedup.add(0, "cwd " + startCwd + " is in a read_only root and the command is " + level.wire());
            return new ShellVerdict(ShellDecision.BLOCKED, level, dedup, commands, BlockCode.ROOT_READ_ONLY.wire());
        }
        ShellDecision d = level == RiskTier.CRITICAL || policy.approvalLevels.contains(level)
                ? ShellDecision.APPROVAL_REQUIRED : ShellDecision.ALLOW;
        return new ShellVerdict(d, level, dedup, commands, null);
    }
}
