package dev.tollgate.tasks.config;

import dev.tollgate.engine.config.YNode;
import dev.tollgate.engine.config.YamlFields;
import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code hosted_gateway.local_access}; absent keys take {@link LocalAccess#defaults()}. */
final class LocalAccessReader {
    static final long MAX_FILE_BYTES_LIMIT = 1L << 30; // 1 GiB: a chunk is read into memory
    private static final Set<String> FIELDS = Set.of("enabled", "allowed_roots", "max_file_bytes", "exclude_globs",
            "allowed_commands", "blocked_commands", "approval_required_risk_levels");

    private LocalAccessReader() {}

    static LocalAccess read(YamlFields f) {
        LocalAccess d = LocalAccess.defaults();
        f.rejectUnknown(FIELDS);
        boolean enabled = f.bool("enabled").orElse(d.enabled());
        // Checked whether or not access is enabled: a typo in a root should surface before the day it is switched on.
        List<AllowedRoot> roots = AllowedRootsReader.read(f, "allowed_roots");
        boolean rootsListed = f.map().get("allowed_roots") instanceof YNode.YList l
                && !l.items().isEmpty();
        if (enabled && !rootsListed) {
            f.problem(f.has("allowed_roots") ? "allowed_roots" : "enabled",
                    "local access is enabled but no allowed_roots are listed: name at least one directory");
        }
        long maxFileBytes = f.integer("max_file_bytes", 1, MAX_FILE_BYTES_LIMIT).orElse(d.maxFileBytes());
        List<String> excludes = Items.nonBlankStrings(f, "exclude_globs").orElse(d.excludeGlobs());
        List<String> allowed = Items.nonBlankStrings(f, "allowed_commands").orElse(d.allowedCommands());
        List<String> blocked = Items.nonBlankStrings(f, "blocked_commands").orElse(d.blockedCommands());
        Set<RiskTier> levels = levels(f, "approval_required_risk_levels").orElse(d.approvalRequiredLevels());
        return new LocalAccess(enabled, roots, maxFileBytes, excludes, allowed, blocked, levels);
    }

    /** Risk levels by their wire names; an empty list is allowed (critical always needs approval anyway). */
    private static Optional<Set<RiskTier>> levels(YamlFields f, String key) {
        List<String> names = f.stringList(key).orElse(null);
        if (names == null) return Optional.empty();
        Set<RiskTier> out = EnumSet.noneOf(RiskTier.class);
        boolean ok = true;
        for (int i = 0; i < names.size(); i++) {
            try {
                out.add(RiskTier.fromWire(names.get(i)));
            } catch (IllegalArgumentException e) {
                Items.problem(f, key, i, e.getMessage());
                ok = false;
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }
}
