package dev.tollgate.tasks.channel;

import dev.tollgate.engine.util.Hashing;
import dev.tollgate.tasks.config.WalletSettings;
import dev.tollgate.tasks.files.FileOp;
import dev.tollgate.tasks.files.PathCheck;
import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.shell.ShellVerdict;
import dev.tollgate.tasks.service.ActionSubject;
import dev.tollgate.tasks.service.Assessment;
import dev.tollgate.tasks.service.Decision;
import dev.tollgate.tasks.service.StepGovernor;
import dev.tollgate.tasks.service.StepRequest;
import dev.tollgate.tasks.service.TaskContext;
import java.nio.file.Path;
import java.util.List;

/**
 * The real {@link StepGovernor}: shell steps through the {@link dev.tollgate.tasks.shell.ShellClassifier},
 * file steps through the {@link dev.tollgate.tasks.files.FileGate}, after the request's shape is
 * checked ({@link StepFields}: 400 {@code invalid_request}, nothing recorded).
 *
 * <p>Blocked, with a {@code reason_code}: everything while local access is disabled
 * ({@code local_access_disabled}); a cwd that is relative, outside every root, excluded, missing
 * or not a directory ({@code invalid_path}, {@code outside_root}, {@code excluded},
 * {@code not_found}, {@code invalid_cwd}); the classifier's and the gate's own codes; a write of
 * more than {@code max_file_bytes} ({@code too_large}); a write onto an existing file without
 * {@code overwrite} ({@code already_exists}).
 *
 * <p>Approval: the classifier decides for shell steps (critical always needs it). For file steps,
 * overwriting and deleting (destructive) always go through approval (§7.5); creating a file
 * (moderate) does when {@code moderate} is in {@code approval_required_risk_levels}.
 *
 * <p>Called again at execution of an approved step: the subject (the command and canonical cwd,
 * or the canonical path and SHA-256 of the content) and the policy version are recomputed, so a
 * file swapped for a link, or a configuration change, refuses the run.
 */
public final class ChannelGovernor implements StepGovernor {
    static final String ALREADY_EXISTS = "already_exists";
    private static final long MIB = 1L << 20;

    private final LocalAccessPolicy policy;
    private final WalletSettings.Costs costs;
    private final int commandTimeoutSeconds;

    public ChannelGovernor(LocalAccessPolicy policy) {
        this.policy = policy;
        this.costs = policy.config().wallets().costs();
        this.commandTimeoutSeconds = policy.config().shell().commandTimeoutSeconds();
    }

    @Override public Assessment assess(StepRequest r, TaskContext ctx) {
        StepFields.checkShape(r);
        return "shell".equals(r.op()) ? shell(r) : file(r, FileOp.fromWire(r.op()));
    }

    // ---- shell ----

    private Assessment shell(StepRequest r) {
        String command = StepFields.requiredText(r, "command", StepFields.MAX_COMMAND_CHARS);
        String cwdText = StepFields.optionalText(r, "cwd", StepFields.MAX_PATH_CHARS);
        StepFields.integer(r, "timeout_seconds", 1, commandTimeoutSeconds, commandTimeoutSeconds);
        LocalAccessPolicy.Cwd cwd = policy.enabled() ? policy.cwd(cwdText) : null;
        String subjectCwd = cwd instanceof LocalAccessPolicy.Cwd.Ok ok ? ok.path().toString()
                : cwdText != null ? cwdText : firstRoot();
        ActionSubject subject = ActionSubject.command(command, subjectCwd);
        ShellVerdict v = policy.checkShell(command, cwdText);
        String scope = cwd instanceof LocalAccessPolicy.Cwd.Ok ok ? scope(ok.root()) : null;
        Decision d = switch (v.decision()) {
            case ALLOW -> Decision.ALLOW;
            case APPROVAL_REQUIRED -> Decision.APPROVAL_REQUIRED;
            case BLOCKED -> Decision.BLOCKED;
        };
        return new Assessment(d, v.riskLevel(), v.reasons(), d == Decision.BLOCKED ? v.reasonCode() : null, command,
                scope, subject, policy.policyVersion(), d == Decision.BLOCKED ? 0 : costs.shell());
    }

    // ---- files ----

    private Assessment file(StepRequest r, FileOp op) {
        String path = StepFields.requiredText(r, "path", StepFields.MAX_PATH_CHARS);
        String cwdText = StepFields.optionalText(r, "cwd", StepFields.MAX_PATH_CHARS);
        long length = 0;
        byte[] content = null;
        boolean overwrite = false;
        switch (op) {
            case LIST_FILES -> {
                StepFields.bool(r, "recursive", false);
                StepFields.integer(r, "max_entries", 1, StepFields.MAX_ENTRIES, 1000);
            }
            case READ_FILE_CHUNK -> {
                StepFields.integer(r, "offset", 0, Long.MAX_VALUE / 2, 0);
                length = StepFields.integer(r, "length", 0, Integer.MAX_VALUE, policy.maxFileBytes());
            }
            case SEARCH_FILES -> {
                String pattern = StepFields.requiredText(r, "pattern", StepFields.MAX_PATTERN_CHARS);
                if (StepFields.bool(r, "regex", false)) {
                    try {
                        com.google.re2j.Pattern.compile(pattern);
                    } catch (RuntimeException e) {
                        throw StepFields.invalid("pattern", "pattern is not a valid regular expression (RE2 syntax)");
                    }
                }
                StepFields.integer(r, "max_results", 1, StepFields.MAX_RESULTS, 100);
            }
            case WRITE_FILE -> {
                content = StepFields.content(r);
                overwrite = StepFields.bool(r, "overwrite", false);
            }
            default -> { }
        }
        String contentHash = content == null ? null : Hashing.sha256Hex(content);
        String preview = op.wire() + " " + path;
        if (!policy.enabled()) {
            return blocked(op, preview, ActionSubject.file(path, contentHash, cwdText), LocalAccessPolicy.DISABLED,
                    "local_access.enabled is false in the gateway configuration: every step is blocked");
        }
        Path base = null;
        String subjectCwd = firstRoot();
        if (cwdText != null) {
            LocalAccessPolicy.Cwd cwd = policy.cwd(cwdText);
            if (cwd instanceof LocalAccessPolicy.Cwd.Refused x) {
                return blocked(op, preview, ActionSubject.file(path, contentHash, cwdText), x.reasonCode(), x.detail());
            }
            base = ((LocalAccessPolicy.Cwd.Ok) cwd).path();
            subjectCwd = base.toString();
        }
        PathCheck check = policy.files().gate().check(op, path, base);
        if (check instanceof PathCheck.Denied d) {
            return blocked(op, op.wire() + " " + d.path(), ActionSubject.file(d.path(), contentHash, subjectCwd),
                    d.reason().wire(), op.wire() + " " + d.path() + ": " + d.detail());
        }
        PathCheck.Allowed a = (PathCheck.Allowed) check;
        String canonical = a.path();
        ActionSubject subject = ActionSubject.file(canonical, contentHash, subjectCwd);
        preview = op.wire() + " " + canonical;
        RiskTier risk = a.risk();
        if (op == FileOp.WRITE_FILE) {
            preview += " (" + content.length + " bytes" + (risk == RiskTier.DESTRUCTIVE ? ", overwrite)" : ", new file)");
            if (content.length > policy.maxFileBytes()) {
                return blocked(op, preview, subject, "too_large",
                        "content is " + content.length + " bytes; max_file_bytes is " + policy.maxFileBytes());
            }
            if (risk == RiskTier.DESTRUCTIVE && !overwrite) {
                return blocked(op, preview, subject, ALREADY_EXISTS,
                        canonical + " exists and overwrite was not requested");
            }
        }
        if (op == FileOp.READ_FILE_CHUNK && length > policy.maxFileBytes()) {
            return blocked(op, preview, subject, "too_large",
                    "length " + length + " exceeds max_file_bytes " + policy.maxFileBytes());
        }
        boolean approval = risk.atLeast(RiskTier.DESTRUCTIVE)
                || policy.config().localAccess().approvalRequiredLevels().contains(risk);
        String reason = describe(op, canonical, risk);
        return new Assessment(approval ? Decision.APPROVAL_REQUIRED : Decision.ALLOW, risk, List.of(reason), null,
                preview, scope(a.root()), subject, policy.policyVersion(), cost(op, length));
    }

    private Assessment blocked(FileOp op, String preview, ActionSubject subject, String code, String reason) {
        RiskTier risk = op == FileOp.DELETE_FILE ? RiskTier.DESTRUCTIVE
                : op == FileOp.WRITE_FILE ? RiskTier.MODERATE : RiskTier.SAFE;
        return new Assessment(Decision.BLOCKED, risk, List.of(reason), code, preview, null, subject,
                policy.policyVersion(), 0);
    }

    private static String describe(FileOp op, String path, RiskTier risk) {
        return switch (op) {
            case LIST_FILES -> "list_files: lists " + path + " (safe)";
            case READ_FILE_SUMMARY -> "read_file_summary: reads metadata of " + path + " (safe)";
            case READ_FILE_CHUNK -> "read_file_chunk: reads " + path + " (safe)";
            case SEARCH_FILES -> "search_files: searches " + path + " (safe)";
            case WRITE_FILE -> risk == RiskTier.DESTRUCTIVE ? "write_file: overwrites " + path + " (destructive)"
                    : "write_file: creates " + path + " (moderate)";
            case DELETE_FILE -> "delete_file: deletes " + path + " (destructive)";
        };
    }

    /**
     * What a step costs when wallets are enabled (§7.7): shell {@code costs.shell}; search
     * {@code costs.search_files}; write and delete {@code costs.file_write}; reads
     * {@code costs.file_read_per_mib} per started MiB of the requested length, at least one MiB
     * (listings and summaries count as one).
     */
    long cost(FileOp op, long length) {
        return switch (op) {
            case SEARCH_FILES -> costs.searchFiles();
            case WRITE_FILE, DELETE_FILE -> costs.fileWrite();
            case READ_FILE_CHUNK -> costs.fileReadPerMib() * Math.max(1, (length + MIB - 1) / MIB);
            case LIST_FILES, READ_FILE_SUMMARY -> costs.fileReadPerMib();
        };
    }

    private String firstRoot() {
        List<AllowedRoot> roots = policy.roots();
        return roots.isEmpty() ? null : roots.get(0).path().toString();
    }

    private static String scope(AllowedRoot root) { return root.path() + " (" + root.mode().wire() + ")"; }
}
