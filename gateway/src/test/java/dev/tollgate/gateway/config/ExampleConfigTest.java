package dev.tollgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.config.LocatedYaml;
import dev.tollgate.engine.config.YNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's config/tollgate.yaml (tests run in gateway/, the repository root is its parent). */
class ExampleConfigTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLE = REPO.resolve("config/tollgate.yaml");

    @Test void isFoundByDefaultFromTheRepositoryRootAndLoads() {
        Settings s = SettingsLoader.load(Map.of(), Map.of(), REPO);
        assertEquals(Optional.of(EXAMPLE), s.configFile());
    }

    /** The file promises to show every default: loading it must change nothing. */
    @Test void setsExactlyTheBuiltInDefaults(@TempDir Path tmp) throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.yaml"), "");
        Settings fromExample = SettingsLoader.load(Map.of(), Map.of(), REPO);
        Settings fromDefaults = SettingsLoader.load(Map.of("config", empty.toString()), Map.of(), REPO);
        assertEquals(withoutConfigFile(fromDefaults), withoutConfigFile(fromExample));
    }

    @Test void documentsEverySetting() {
        YNode.YMap root = (YNode.YMap) LocatedYaml.read(EXAMPLE);
        for (SettingKey<?> key : SettingKeys.ALL) {
            String[] parts = key.yamlKey().split("\\.");
            YNode.YMap map = root;
            if (parts.length == 2) {
                assertTrue(map.get(parts[0]) instanceof YNode.YMap, "section " + parts[0]);
                map = (YNode.YMap) map.get(parts[0]);
            }
            assertTrue(map.entries().containsKey(parts[parts.length - 1]), key.yamlKey() + " missing from " + EXAMPLE);
        }
    }

    private static Settings withoutConfigFile(Settings s) {
        return new Settings(Optional.empty(), s.bind(), s.dataDir(), s.policyDir(), s.gatewayConfig(),
                s.environment(), s.api(), s.proxy(), s.auth(), s.store(), s.metrics(), s.webhooks(), s.ca(), s.log());
    }
}
