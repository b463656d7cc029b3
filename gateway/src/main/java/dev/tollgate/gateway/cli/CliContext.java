package dev.tollgate.gateway.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What commands read from outside their arguments. Passed in rather than read from
 * {@link System} so that tests can run every command in-process with their own environment.
 *
 * @param env     environment variables (settings, TOLLGATE_ADMIN_KEY)
 * @param cwd     base of relative paths
 * @param plugins implementations of the plug-in interfaces
 */
public record CliContext(Map<String, String> env, Path cwd, Plugins plugins) {

    public CliContext {
        env = Map.copyOf(env);
        cwd = cwd.toAbsolutePath().normalize();
    }

    public static CliContext system() {
        return new CliContext(System.getenv(), Path.of(""), CliPlugins.standard());
    }
}
