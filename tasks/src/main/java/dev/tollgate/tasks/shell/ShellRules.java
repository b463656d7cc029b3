package dev.tollgate.tasks.shell;

import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The configuration the shell classifier applies (SPEC §7.1, §7.4).
 *
 * @param allowedCommands token prefixes of the normalised argv; empty means nothing is allowed
 * @param blockedCommands token prefixes that block the whole input wherever they appear
 * @param approvalRequiredLevels levels that need approval (critical always does)
 * @param protectedBranches branch names or {@code *} globs ({@code release/*})
 * @param roots allowed roots, used for {@code cwd}, ancestors and {@code root_read_only}
 * @param excludedPath true for an absolute, normalised path matching {@code exclude_globs}
 */
public record ShellRules(List<String> allowedCommands, List<String> blockedCommands,
        Set<RiskTier> approvalRequiredLevels, List<String> protectedBranches,
        List<AllowedRoot> roots, Predicate<String> excludedPath) {
    public ShellRules {
        allowedCommands = List.copyOf(allowedCommands);
        blockedCommands = List.copyOf(blockedCommands);
        approvalRequiredLevels = Set.copyOf(approvalRequiredLevels);
        protectedBranches = List.copyOf(protectedBranches);
        roots = List.copyOf(roots);
        Objects.requireNonNull(excludedPath, "excludedPath");
    }
}
