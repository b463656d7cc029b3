package dev.tollgate.tasks.files;

import dev.tollgate.tasks.policy.AllowedRoot;
import java.util.List;
import java.util.Objects;

/**
 * The file-access part of {@code hosted_gateway.local_access} (SPEC §7.1, §7.5): where agents may
 * work, what they may never see, and how many bytes one read may cover.
 */
public record FileRules(List<AllowedRoot> roots, List<String> excludeGlobs, long maxFileBytes) {
    public FileRules {
        roots = List.copyOf(Objects.requireNonNull(roots, "roots"));
        excludeGlobs = List.copyOf(Objects.requireNonNull(excludeGlobs, "excludeGlobs"));
        if (roots.isEmpty()) throw new IllegalArgumentException("at least one allowed root is required");
        if (maxFileBytes <= 0) throw new IllegalArgumentException("max_file_bytes must be positive: " + maxFileBytes);
        if (maxFileBytes > Integer.MAX_VALUE - 16) {
            // one chunk is returned in a single array, so the limit must fit one
            throw new IllegalArgumentException("max_file_bytes too large: " + maxFileBytes);
        }
    }
}
