package dev.tollgate.gateway.cli;

import dev.tollgate.gateway.config.Settings;

/**
 * Runs the Tollgate server for {@code tollgate serve}. Implemented by the gateway's bootstrap and
 * found through {@link CliPlugins} (a {@code META-INF/services} entry, or {@link CliPlugins#register}).
 */
public interface ServerLauncher {

    /**
     * Starts both listeners and blocks until shutdown.
     *
     * @return the process exit code (0 after a clean shutdown)
     * @throws dev.tollgate.engine.config.ConfigException when the server refuses to start because
     *         of bad files (policies, destinations, permissions...): {@code serve} prints every
     *         problem, one per line, and exits 2
     */
    int run(Settings settings) throws Exception;
}
