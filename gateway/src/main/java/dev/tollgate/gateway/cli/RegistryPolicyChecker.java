package dev.tollgate.gateway.cli;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.policy.PolicyRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The policy check the server itself runs at start ({@link PolicyRegistry#load}). Used when no
 * other {@link PolicyChecker} is plugged in.
 */
final class RegistryPolicyChecker implements PolicyChecker {
    private static final Set<String> BUILT_INS = Set.of("allow", "deny");
    // The registry logs every policy it loads at INFO; a check command prints its own summary.
    // Held in a field: java.util.logging keeps loggers weakly, and would drop the level.
    private static final java.util.logging.Logger REGISTRY_LOG =
            java.util.logging.Logger.getLogger(PolicyRegistry.class.getName());

    @Override public PolicyCheckResult check(Path dir) {
        REGISTRY_LOG.setLevel(java.util.logging.Level.WARNING);
        try {
            PolicyRegistry registry = PolicyRegistry.load(dir);
            int files = (int) registry.ids().stream().filter(id -> !BUILT_INS.contains(id)).count();
            return new PolicyCheckResult(files, List.of());
        } catch (ConfigException e) {
            return new PolicyCheckResult(0, e.problems());
        }
    }
}
