package dev.tollgate.gateway.cli;

import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.config.SettingsLoader;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --data-dir} and {@code --config} for commands that read local state: the settings are
 * loaded as {@code serve} would load them, so both find the same data directory.
 */
final class LocalOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (TOLLGATE_DATA_DIR, data_dir; default ./data)")
    String dataDir;
    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (TOLLGATE_CONFIG; default config/tollgate.yaml if it exists)")
    String config;

    /** @throws dev.tollgate.engine.config.ConfigException listing every settings problem (exit 2) */
    Settings settings(CliContext context) {
        Map<String, String> flags = new HashMap<>();
        if (dataDir != null) flags.put("data_dir", dataDir);
        if (config != null) flags.put(SettingsLoader.CONFIG_KEY, config);
        return SettingsLoader.load(flags, context.env(), context.cwd());
    }
}
