package dev.tollgate.tasks.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.util.Json;
import dev.tollgate.tasks.config.HostedGatewayConfig;
import dev.tollgate.tasks.config.LocalAccess;
import dev.tollgate.tasks.files.ExcludeGlobs;
import dev.tollgate.tasks.files.FileOp;
import dev.tollgate.tasks.files.FileOperations;
import dev.tollgate.tasks.files.FileRules;
import dev.tollgate.tasks.files.PathCheck;
import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.shell.ShellClassifier;
import dev.tollgate.tasks.shell.ShellDecision;
import dev.tollgate.tasks.shell.ShellRules;
import dev.tollgate.tasks.shell.ShellVerdict;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code hosted_gateway.local_access} compiled once: the shell classifier (§7.4), the file gate
 * and operations (§7.5), and the working-directory rule both share. Immutable and thread-safe.
 * The governor, the performer and the CLI's {@code shell check} / {@code files check} all decide
 * through here, so a dry run answers exactly what the server would.
 */
public final class LocalAccessPolicy {
    /** Every step while {@code local_access.enabled} is false. */
    public static final String DISABLED = "local_access_disabled";
    /** A cwd that exists and is allowed, but is not a directory. */
    public static final String INVALID_CWD = "invalid_cwd";

    private final HostedGatewayConfig config;
    private final LocalAccess access;
    private final ShellClassifier classifier;
    /** Null when no root is configured (then local access is necessarily disabled). */
    private final FileOperations files;
    private final String version;

    public LocalAccessPolicy(HostedGatewayConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.access = config.localAccess();
        ExcludeGlobs excludes = ExcludeGlobs.compile(access.excludeGlobs());
        this.classifier = new ShellClassifier(new ShellRules(access.allowedCommands(), access.blockedCommands(),
                access.approvalRequiredLevels(), config.shell().protectedBranches(), access.roots(), excludes::excludes));
        this.files = access.roots().isEmpty() ? null
                : new FileOperations(new FileRules(access.roots(), access.excludeGlobs(), access.maxFileBytes()));
        this.version = PolicyVersion.of(config);
    }

    public HostedGatewayConfig config() { return config; }

    /** Steps may run only when local access is enabled (which the loader allows only with roots). */
    public boolean enabled() { return access.enabled() && files != null; }

    public String policyVersion() { return version; }

    FileOperations files() { return files; }

    ShellClassifier classifier() { return classifier; }

    public long maxFileBytes() { return access.maxFileBytes(); }

    public List<AllowedRoot> roots() { return access.roots(); }

    // ---- working directory ----

    /** Where a step runs: a canonical, existing directory inside a root; or why not. */
    public sealed interface Cwd {
        record Ok(Path path, AllowedRoot root) implements Cwd {}

        record Refused(String path, String reasonCode, String detail) implements Cwd {}
    }

    /**
     * The step's working directory: {@code requested} (absolute) or, when null, the first root.
     * Checked by the file gate as a directory listing would be (syntax, containment, excludes,
     * links resolved from the roots), then it must be a directory. The canonical form is what runs
     * and what an approval is bound to.
     */
    public Cwd cwd(String requested) {
        if (files == null) return new Cwd.Refused(String.valueOf(requested), DISABLED, "no allowed roots are configured");
        if (requested == null) {
            AllowedRoot first = access.roots().get(0);
            return new Cwd.Ok(first.path(), first);
        }
        if (!requested.startsWith("/")) {
            return new Cwd.Refused(requested, "invalid_path", "cwd must be an absolute path");
        }
        PathCheck c = files.gate().check(FileOp.LIST_FILES, requested, null);
        if (c instanceof PathCheck.Denied d) {
            return new Cwd.Refused(d.path(), d.reason().wire(), "cwd " + d.path() + ": " + d.detail());
        }
        PathCheck.Allowed a = (PathCheck.Allowed) c;
        Path p = Path.of(a.path());
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return new Cwd.Refused(a.path(), INVALID_CWD, "cwd " + a.path() + " is not a directory");
        }
        return new Cwd.Ok(p, a.root());
    }

    // ---- shell ----

    /**
     * The verdict on {@code command} run in {@code cwd} (null: the first root), as the server
     * would decide it: local access off, or a cwd that is refused, blocks the command whatever it
     * is (the verdict then still reports the classifier's level and commands, for information).
     */
    public ShellVerdict checkShell(String command, String cwd) {
        Objects.requireNonNull(command, "command");
        if (!enabled()) {
            return override(informative(command, null), DISABLED,
                    "local_access.enabled is false in the gateway configuration: every step is blocked");
        }
        Cwd where = cwd(cwd);
        if (where instanceof Cwd.Refused r) return override(informative(command, null), r.reasonCode(), r.detail());
        return classifier.classify(command, ((Cwd.Ok) where).path());
    }

    /** The classifier's verdict for information only; a classifier failure reads as an unbounded risk. */
    private ShellVerdict informative(String command, Path cwd) {
        try {
            return classifier.classify(command, cwd);
        } catch (RuntimeException e) {
            return new ShellVerdict(ShellDecision.BLOCKED, RiskTier.CRITICAL, List.of("could not be classified"),
                    List.of(), "not_analysable");
        }
    }

    private static ShellVerdict override(ShellVerdict v, String reasonCode, String reason) {
        List<String> reasons = new ArrayList<>();
        reasons.add(reason);
        reasons.addAll(v.reasons());
        return new ShellVerdict(ShellDecision.BLOCKED, v.riskLevel(), reasons, v.commands(), reasonCode);
    }

    // ---- files ----

    /** What {@code tollgate files check} prints (§7.5): allowed or denied, the reason code, the canonical path. */
    public record FileVerdict(boolean allowed, String reasonCode, String path, RiskTier risk, String detail) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("decision", allowed ? "allowed" : "denied");
            if (reasonCode != null) o.put("reason_code", reasonCode);
            o.put("path", path);
            return o;
        }
    }

    /** Checks {@code path} for {@code op} as a step would be checked, opening nothing. */
    public FileVerdict checkFile(FileOp op, String path, String cwd) {
        Objects.requireNonNull(op, "op");
        if (files == null) return new FileVerdict(false, DISABLED, String.valueOf(path), null, "no allowed roots");
        Path base = null;
        if (cwd != null) {
            Cwd where = cwd(cwd);
            if (where instanceof Cwd.Refused r) return new FileVerdict(false, r.reasonCode(), r.path(), null, r.detail());
            base = ((Cwd.Ok) where).path();
        }
        PathCheck c = files.gate().check(op, path, base);
        if (!access.enabled()) {
            return new FileVerdict(false, DISABLED, c.path(), null, "local_access.enabled is false");
        }
        if (c instanceof PathCheck.Denied d) return new FileVerdict(false, d.reason().wire(), d.path(), null, d.detail());
        PathCheck.Allowed a = (PathCheck.Allowed) c;
        return new FileVerdict(true, null, a.path(), a.risk(), null);
    }
}
