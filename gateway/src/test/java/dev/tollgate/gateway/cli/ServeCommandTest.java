package dev.tollgate.gateway.cli;

import dev.tollgate.proxy.address.Cidr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.proxy.address.Cidr;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.config.SettingsLoader;
import dev.tollgate.gateway.config.StoreUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir Path cwd;

    /** Records the settings it is started with and returns a fixed exit code. */
    private static final class FakeLauncher implements ServerLauncher {
        final AtomicReference<Settings> started = new AtomicReference<>();
        @Override public int run(Settings settings) {
            started.set(settings);
            return 0;
        }
    }

    private CliRun serve(Map<String, String> env, ServerLauncher launcher, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        Plugins plugins = launcher == null ? Plugins.of(Map.of()) : Plugins.of(Map.of(ServerLauncher.class, launcher));
        return CliRun.run(env, cwd, plugins, all);
    }

    @Test void everyFlagReachesTheSettings() throws IOException {
        Files.writeString(cwd.resolve("ca.pem"), "pem");
        Files.writeString(cwd.resolve("settings.yaml"), "log:\n  level: debug\n");
        FakeLauncher launcher = new FakeLauncher();
        CliRun r = serve(Map.of(), launcher,
                "--port", "0", "--proxy-port", "4101", "--bind", "::1", "--data-dir", "d", "--policy-dir", "p",
                "--destinations", "dest.yaml", "--gateway-config", "gw.yaml", "--no-tls-intercept",
                "--hold-timeout-ms", "5000", "--upstream-ca", "ca.pem", "--allow-private", "10.0.0.0/8,fd00::/8",
                "--proxy-auth", "optional", "--open-registration", "--environment", "staging",
                "--store", "sqlite:s.db", "--config", "settings.yaml");
        assertEquals(0, r.exit(), r.toString());
        Settings s = launcher.started.get();
        assertEquals(0, s.api().port());
        assertEquals(4101, s.proxy().port());
        assertEquals("::1", s.bind());
        assertEquals(cwd.resolve("d"), s.dataDir());
        assertEquals(cwd.resolve("p"), s.policyDir());
        assertEquals(cwd.resolve("dest.yaml"), s.proxy().destinations());
        assertEquals(cwd.resolve("gw.yaml"), s.gatewayConfig());
        assertFalse(s.proxy().tlsIntercept());
        assertEquals(5000, s.proxy().holdTimeoutMs());
        assertEquals(Optional.of(cwd.resolve("ca.pem")), s.proxy().upstreamCa());
        assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")), s.proxy().allowPrivate());
        assertEquals(Settings.ProxyAuth.OPTIONAL, s.proxy().auth());
        assertTrue(s.auth().openRegistration());
        assertEquals(Optional.of("staging"), s.environment());
        assertEquals(new StoreUrl.Sqlite(cwd.resolve("s.db")), s.store());
        assertEquals(Optional.of(cwd.resolve("settings.yaml")), s.configFile());
        assertEquals(Settings.LogLevel.DEBUG, s.log().level());
    }

    @Test void theFlagMapCoversEveryFlagTheLoaderKnows() {
        ServeCommand cmd = new ServeCommand(new CliContext(Map.of(), cwd, Plugins.of(Map.of())));
        new picocli.CommandLine(cmd).parseArgs("--port", "1", "--proxy-port", "2", "--bind", "b", "--data-dir", "d",
                "--policy-dir", "p", "--destinations", "x", "--gateway-config", "g", "--tls-intercept",
                "--hold-timeout-ms", "1", "--upstream-ca", "u", "--allow-private", "a", "--proxy-auth", "o",
                "--open-registration", "--environment", "e", "--store", "s", "--config", "c");
        assertEquals(SettingsLoader.flagNames().keySet(), cmd.flags().keySet());
    }

    @Test void refusesToStartListingEveryProblemBeforeAnyOtherOutput() {
        FakeLauncher launcher = new FakeLauncher();
        CliRun r = serve(Map.of("TOLLGATE_PORT", "abc"), launcher, "--proxy-auth", "sometimes", "--config", "nope.yaml");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals(List.of(
                "--config: settings file not found: " + cwd.resolve("nope.yaml"),
                "--proxy-auth: must be one of required, optional, not \"sometimes\"",
                "TOLLGATE_PORT: must be a port number 0-65535, not \"abc\""), r.err().lines().toList());
        assertNull(launcher.started.get(), "the server must not start");
    }

    @Test void problemsTheServerFindsAtStartAreListedToo() {
        ServerLauncher failing = settings -> {
            throw new ConfigException(List.of(
                    new ConfigProblem("config/policies/a.yaml", 3, "require_approval", "must be always or never"),
                    new ConfigProblem("data/audit.key", 0, "", "readable by others; chmod 600 data/audit.key")));
        };
        CliRun r = serve(Map.of(), failing);
        assertEquals(2, r.exit(), r.toString());
        assertEquals(List.of("config/policies/a.yaml:3: require_approval: must be always or never",
                "data/audit.key: readable by others; chmod 600 data/audit.key"), r.err().lines().toList());
    }

    @Test void exitCodeOfTheServerIsTheExitCode() {
        assertEquals(3, serve(Map.of(), settings -> 3).exit());
    }

    @Test void withoutAServerInTheBuild() {
        CliRun r = serve(Map.of(), null);
        assertEquals(1, r.exit(), r.toString());
        assertEquals("serve: server not available in this build\n", r.err());
    }

    @Test void registeredLauncherIsFoundByTheStandardLookup() {
        FakeLauncher launcher = new FakeLauncher();
        CliPlugins.register(ServerLauncher.class, launcher);
        try {
            assertEquals(Optional.of(launcher), CliPlugins.standard().find(ServerLauncher.class));
        } finally {
            CliPlugins.unregister(ServerLauncher.class);
        }
    }
}
