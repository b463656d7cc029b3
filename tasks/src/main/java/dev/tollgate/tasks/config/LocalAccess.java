package dev.tollgate.tasks.config;

import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code hosted_gateway.local_access}. {@code roots} are canonical, existing directories, none
 * inside another; {@code allowedCommands} empty means every command is refused (SPEC §7.4 step 5).
 */
public record LocalAccess(boolean enabled, List<AllowedRoot> roots, long maxFileBytes, List<String> excludeGlobs,
                          List<String> allowedCommands, List<String> blockedCommands,
                          Set<RiskTier> approvalRequiredLevels) {
    public static final long DEFAULT_MAX_FILE_BYTES = 1_048_576;
    public static final List<String> DEFAULT_EXCLUDE_GLOBS = List.of("**/.env", "**/.env.*", "**/secrets/**");
    public static final Set<RiskTier> DEFAULT_APPROVAL_LEVELS = Set.of(RiskTier.DESTRUCTIVE, RiskTier.CRITICAL);

    public LocalAccess {
        roots = List.copyOf(roots);
        excludeGlobs = List.copyOf(excludeGlobs);
        allowedCommands = List.copyOf(allowedCommands);
        blockedCommands = List.copyOf(blockedCommands);
        approvalRequiredLevels = approvalRequiredLevels.isEmpty()
                ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(approvalRequiredLevels));
    }

    public static LocalAccess defaults() {
        return new LocalAccess(false, List.of(), DEFAULT_MAX_FILE_BYTES, DEFAULT_EXCLUDE_GLOBS, List.of(), List.of(),
                DEFAULT_APPROVAL_LEVELS);
    }
}
