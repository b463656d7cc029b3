package dev.tollgate.tasks.config;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigFile;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.engine.config.LocatedYaml;
import dev.tollgate.engine.config.YNode;
import dev.tollgate.engine.config.YamlFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code config/gateway.yaml} (SPEC §7.1). The file is accepted whole or refused with every
 * problem it has, each as {@code file:line: key: message} (SPEC §2). Unknown keys are errors: a
 * misspelt {@code blocked_comands} must not silently drop a block list. Absent keys take the
 * defaults of §7.1; an empty file (or no {@code hosted_gateway}) is {@link HostedGatewayConfig#defaults()}.
 */
public final class HostedGatewayConfigLoader {
    private static final Set<String> FILE_FIELDS = Set.of("hosted_gateway");
    private static final Set<String> GATEWAY_FIELDS = Set.of("gateway_id", "local_access", "shell", "wallets");
    private static final Set<String> WALLET_FIELDS = Set.of("enabled", "costs");
    private static final Set<String> COST_FIELDS = Set.of("shell", "file_read_per_mib", "file_write", "search_files");
    private static final long MAX_COST = 1_000_000_000L;

    private HostedGatewayConfigLoader() {}

    /** Reads and validates {@code file}; throws {@link ConfigException} listing every problem. */
    public static HostedGatewayConfig load(Path file) {
        if (!Files.exists(file)) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, "",
                    "gateway configuration file not found (set --gateway-config or TOLLGATE_GATEWAY_CONFIG)"));
        }
        ConfigFile cf = ConfigFile.read(file);
        return parse(cf.source(), cf.text());
    }

    /** Validates {@code yamlText}, problems naming {@code source}. */
    public static HostedGatewayConfig parse(String source, String yamlText) {
        YNode root = LocatedYaml.parse(source, yamlText);
        List<ConfigProblem> problems = new ArrayList<>();
        HostedGatewayConfig config = YamlFields.of(source, "", root, problems)
                .flatMap(f -> {
                    f.rejectUnknown(FILE_FIELDS);
                    return Items.section(f, "hosted_gateway");
                })
                .map(HostedGatewayConfigLoader::gateway)
                .orElse(null);
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(ConfigProblem::line)); // stable: one line keeps its order
            throw new ConfigException(problems);
        }
        return config != null ? config : HostedGatewayConfig.defaults();
    }

    private static HostedGatewayConfig gateway(YamlFields g) {
        g.rejectUnknown(GATEWAY_FIELDS);
        String id = g.string("gateway_id").filter(s -> {
            if (GatewayIds.isValid(s)) return true;
            g.problem("gateway_id", "\"" + s + "\" is not a gateway id: 1 to 64 letters, digits, '.', '_' or '-'");
            return false;
        }).orElse(null);
        LocalAccess local = Items.section(g, "local_access").map(LocalAccessReader::read).orElse(LocalAccess.defaults());
        ShellSettings shell = Items.section(g, "shell").map(ShellSettingsReader::read).orElse(ShellSettings.defaults());
        WalletSettings wallets = Items.section(g, "wallets").map(HostedGatewayConfigLoader::wallets).orElse(WalletSettings.defaults());
        // The host name is looked up only when no id is configured.
        return new HostedGatewayConfig(id != null ? id : GatewayIds.defaultId(), local, shell, wallets);
    }

    private static WalletSettings wallets(YamlFields w) {
        WalletSettings d = WalletSettings.defaults();
        w.rejectUnknown(WALLET_FIELDS);
        boolean enabled = w.bool("enabled").orElse(d.enabled());
        WalletSettings.Costs costs = Items.section(w, "costs").map(c -> {
            WalletSettings.Costs dc = d.costs();
            c.rejectUnknown(COST_FIELDS);
            return new WalletSettings.Costs(
                    c.integer("shell", 0, MAX_COST).orElse(dc.shell()),
                    c.integer("file_read_per_mib", 0, MAX_COST).orElse(dc.fileReadPerMib()),
                    c.integer("file_write", 0, MAX_COST).orElse(dc.fileWrite()),
                    c.integer("search_files", 0, MAX_COST).orElse(dc.searchFiles()));
        }).orElse(d.costs());
        return new WalletSettings(enabled, costs);
    }
}
