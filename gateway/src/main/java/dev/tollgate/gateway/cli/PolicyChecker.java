package dev.tollgate.gateway.cli;

import java.nio.file.Path;

/**
 * Validates a policy directory for {@code tollgate policy check} without starting anything, with
 * the same rules the server applies at start. Found through {@link CliPlugins}.
 */
public interface PolicyChecker {

    /**
     * @return the number of valid policies and every problem found; throwing
     *         {@link dev.tollgate.engine.config.ConfigException} is accepted too and means the same
     *         as returning its problems
     */
    PolicyCheckResult check(Path dir) throws Exception;
}
