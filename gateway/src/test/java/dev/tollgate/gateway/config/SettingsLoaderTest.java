package dev.tollgate.gateway.config;

import dev.tollgate.proxy.address.Cidr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.config.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @TempDir Path cwd;

    private Settings load(Map<String, String> flags, Map<String, String> env) {
        return SettingsLoader.load(flags, env, cwd);
    }

    /** The problem lines of a load that must fail. */
    private List<String> problems(Map<String, String> flags, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(flags, env));
        return List.of(e.getMessage().split("\n"));
    }

    /** Writes the default settings file ./config/tollgate.yaml and returns its absolute path. */
    private Path yaml(String text) throws IOException {
        Path file = cwd.resolve("config/tollgate.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test void defaultsWithoutAnySource() {
        Settings s = load(Map.of(), Map.of());
        assertEquals(Optional.empty(), s.configFile());
        assertEquals("127.0.0.1", s.bind());
        assertEquals(cwd.resolve("data"), s.dataDir());
        assertEquals(cwd.resolve("config/policies"), s.policyDir());
        assertEquals(cwd.resolve("config/gateway.yaml"), s.gatewayConfig());
        assertEquals(Optional.empty(), s.environment());
        assertEquals(new Settings.Api(4000, 1_048_576), s.api());
        Settings.Proxy p = s.proxy();
        assertEquals(4001, p.port());
        assertEquals(cwd.resolve("config/destinations.yaml"), p.destinations());
        assertTrue(p.tlsIntercept());
        assertEquals(900_000, p.holdTimeoutMs());
        assertEquals(Optional.empty(), p.upstreamCa());
        assertEquals(List.of(), p.allowPrivate());
        assertEquals(Settings.ProxyAuth.REQUIRED, p.auth());
        assertEquals(30, p.retryAfterSeconds());
        assertEquals(Settings.PendingMode.RETRY, p.pending());
        assertEquals(1_048_576, p.maxInspectBytes());
        assertEquals(60_000, p.upstreamTimeoutMs());
        assertEquals(List.of(), p.tlsPassthrough());
        assertEquals(Map.of(), p.hosts());
        assertFalse(s.auth().openRegistration());
        assertEquals(new StoreUrl.Sqlite(cwd.resolve("data/tollgate.db")), s.store());
        assertFalse(s.metrics().requireAuth());
        assertTrue(s.webhooks().sendSecretHeader());
        assertEquals(Settings.KeyAlgorithm.EC, s.ca().keyAlgorithm());
        assertEquals(Settings.LogLevel.INFO, s.log().level());
        assertEquals(cwd.resolve("data/admin.key"), s.adminKeyFile());
    }

    @Test void flagsBeatEnvironmentBeatsFileBeatsDefault() throws IOException {
        Path file = yaml("""
                bind: 0.0.0.0
                api:
                  port: 5000
                proxy:
                  port: 5001
                  hold_timeout_ms: 1000
                  tls_intercept: false
                auth:
                  open_registration: true
                """);
        Settings s = load(
                Map.of("api.port", "7000", "proxy.tls_intercept", "true"),
                Map.of("TOLLGATE_PORT", "6000", "GATE_HOLD_TIMEOUT_MS", "2000", "GATE_TLS_INTERCEPT", "false",
                        "TOLLGATE_OPEN_REGISTRATION", "false"));
        assertEquals(Optional.of(file), s.configFile());
        assertEquals(7000, s.api().port(), "flag over env and file");
        assertTrue(s.proxy().tlsIntercept(), "flag over env and file, for a boolean");
        assertEquals(2000, s.proxy().holdTimeoutMs(), "env over file");
        assertFalse(s.auth().openRegistration(), "env over file, for a boolean");
        assertEquals(5001, s.proxy().port(), "file over default");
        assertEquals("0.0.0.0", s.bind(), "file over default");
        assertEquals(cwd.resolve("data"), s.dataDir(), "default when no source sets it");
    }

    @Test void storeDefaultFollowsTheFinalDataDir() {
        Settings s = load(Map.of("data_dir", "/var/lib/tg"), Map.of("TOLLGATE_DATA_DIR", "/elsewhere"));
        assertEquals(Path.of("/var/lib/tg"), s.dataDir());
        assertEquals(new StoreUrl.Sqlite(Path.of("/var/lib/tg/tollgate.db")), s.store());
    }

    @Test void storeUrls() {
        assertEquals(new StoreUrl.Sqlite(cwd.resolve("db/x.db")),
                load(Map.of("store.url", "sqlite:db/x.db"), Map.of()).store());
        StoreUrl pg = load(Map.of(), Map.of("TOLLGATE_STORE", "postgresql://db:5432/tollgate?user=u&password=s3cret")).store();
        assertEquals(new StoreUrl.Postgres("postgresql://db:5432/tollgate?user=u&password=s3cret"), pg);
        assertEquals("postgresql://db:5432/tollgate?user=u&password=***", pg.toString());
    }

    @Test void badStoreUrlNeverEchoesThePassword() {
        List<String> p = problems(Map.of("store.url", "postgresql://u:hunter2@/nodb"), Map.of());
        assertEquals(List.of("--store: must be sqlite:PATH or postgresql://HOST:PORT/DB, not "
                + "\"postgresql://u:***@/nodb\" (the URL names no host)"), p);
        assertFalse(String.join("", problems(Map.of(), Map.of("TOLLGATE_STORE", "mysql://h/db?password=hunter2")))
                .contains("hunter2"));
    }

    @Test void badEnvironmentValuesNameTheVariable() {
        assertEquals(List.of("TOLLGATE_PORT: must be a port number 0-65535, not \"abc\""),
                problems(Map.of(), Map.of("TOLLGATE_PORT", "abc")));
        assertEquals(List.of("GATE_TLS_INTERCEPT: must be true or false, not \"yes\""),
                problems(Map.of(), Map.of("GATE_TLS_INTERCEPT", "yes")));
        assertEquals(List.of("GATE_HOLD_TIMEOUT_MS: must be a number of milliseconds 1-2147483647, not \"0\""),
                problems(Map.of(), Map.of("GATE_HOLD_TIMEOUT_MS", "0")));
        assertEquals(List.of("TOLLGATE_BIND: must be an IP address or localhost, not \"example.com\""),
                problems(Map.of(), Map.of("TOLLGATE_BIND", "example.com")));
        assertEquals(List.of("TOLLGATE_PROXY_AUTH: must be one of required, optional, not \"maybe\""),
                problems(Map.of(), Map.of("TOLLGATE_PROXY_AUTH", "maybe")));
        assertEquals(List.of("TOLLGATE_ALLOW_PRIVATE: \"10.0.0.0/33\" is not a valid CIDR range: prefix length must be 0-32"),
                problems(Map.of(), Map.of("TOLLGATE_ALLOW_PRIVATE", "10.0.0.0/8, 10.0.0.0/33")));
        assertEquals(List.of("TOLLGATE_DATA_DIR: must be a file system path, not \"~/tg\" (~ is not expanded; write the full path)"),
                problems(Map.of(), Map.of("TOLLGATE_DATA_DIR", "~/tg")));
    }

    @Test void badFlagValuesNameTheFlag() {
        assertEquals(List.of("--port: must be a port number 0-65535, not \"70000\""),
                problems(Map.of("api.port", "70000"), Map.of()));
        assertEquals(List.of("--proxy-port: must be a port number 0-65535, not \"-1\""),
                problems(Map.of("proxy.port", "-1"), Map.of()));
        assertEquals(List.of("--open-registration: must be true or false, not \"1\""),
                problems(Map.of("auth.open_registration", "1"), Map.of()));
        assertEquals(List.of("--environment: must be an environment name (letters, digits, _ . -), not \"pro d\""),
                problems(Map.of("environment", "pro d"), Map.of()));
        assertEquals(List.of("--data-dir: must be a file system path, not \"\""),
                problems(Map.of("data_dir", ""), Map.of()));
    }

    @Test void badFileValuesNameFileLineAndKey() throws IOException {
        Path file = yaml("""
                bind: example.com
                api:
                  port: abc
                  max_body_bytes: 0
                proxy:
                  port: "4001"
                  tls_intercept: yes
                  allow_private:
                    - 10.0.0.0/8
                    - 10.0.0.1/8
                    - 7
                  hosts:
                    internal.example.com: 10.1.2.3
                    bad host: 1.2.3.4
                  tls_passthrough: ["*.ok.example", "not a host"]
                ca:
                  key_algorithm: dsa
                """);
        assertEquals(List.of(
                file + ":1: bind: must be an IP address or localhost, not \"example.com\"",
                file + ":3: api.port: must be a port number 0-65535, not \"abc\"",
                file + ":4: api.max_body_bytes: must be a number of bytes 1-2147483639, not \"0\"",
                file + ":6: proxy.port: must be a port number 0-65535, not the string \"4001\" (remove the quotes)",
                file + ":7: proxy.tls_intercept: must be true or false, not \"yes\"",
                file + ":10: proxy.allow_private[1]: \"10.0.0.1/8\" is not a valid CIDR range: host bits are set in 10.0.0.1/8; the network is 10.0.0.0/8",
                file + ":11: proxy.allow_private[2]: must be a CIDR range (a string), not an integer",
                file + ":14: proxy.hosts.bad host: \"bad host\" is not a valid host name",
                file + ":15: proxy.tls_passthrough[1]: \"not a host\" is not a valid host pattern: use a host name, an IP address or *.domain",
                file + ":17: ca.key_algorithm: must be one of ec, rsa, not \"dsa\""),
                problems(Map.of(), Map.of()));
    }

    /** Flags, then environment variables, then the file by line; within a source, in settings order. */
    @Test void everyProblemFromEverySourceIsReportedTogetherInSourceOrder() throws IOException {
        Path file = yaml("""
                api:
                  port: 99999
                """);
        // The file's bad api.port is reported even though the flag overrides it: the file is broken.
        assertEquals(List.of(
                "--bind: must be an IP address or localhost, not \"nowhere\"",
                "TOLLGATE_PROXY_PORT: must be a port number 0-65535, not \"x\"",
                "GATE_HOLD_TIMEOUT_MS: must be a number of milliseconds 1-2147483647, not \"soon\"",
                file + ":2: api.port: must be a port number 0-65535, not \"99999\""),
                problems(Map.of("bind", "nowhere", "api.port", "4000"),
                        Map.of("TOLLGATE_PROXY_PORT", "x", "GATE_HOLD_TIMEOUT_MS", "soon")));
    }

    @Test void unknownKeysAreProblemsWithSuggestions() throws IOException {
        Path file = yaml("""
                port: 4000
                api:
                  prot: 4000
                proxy:
                  tls_intercept: true
                  colour: blue
                databse:
                  url: x
                """);
        assertEquals(List.of(
                file + ":1: port: unknown setting (did you mean api.port or proxy.port?)",
                file + ":3: api.prot: unknown setting (did you mean api.port?)",
                file + ":6: proxy.colour: unknown setting",
                file + ":7: databse: unknown setting"),
                problems(Map.of(), Map.of()));
    }

    @Test void sectionThatIsNotAMap() throws IOException {
        Path file = yaml("api: 4000\n");
        assertEquals(List.of(file + ":1: api: must be a map, not an integer"), problems(Map.of(), Map.of()));
    }

    @Test void nullAndEmptyValuesMeanTheDefault() throws IOException {
        yaml("""
                environment:
                data_dir: ""
                api:
                  port: null
                proxy:
                store:
                """);
        Settings s = load(Map.of(), Map.of("TOLLGATE_PORT", ""));
        assertEquals(4000, s.api().port());
        assertEquals(Optional.empty(), s.environment());
        assertEquals(cwd.resolve("data"), s.dataDir());
    }

    @Test void yamlSyntaxErrorNamesTheLine() throws IOException {
        Path file = yaml("""
                api:
                  port: 4000
                proxy: [unclosed
                """);
        List<String> p = problems(Map.of(), Map.of());
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).matches("\\Q" + file + "\\E:[34]: YAML syntax error: .*"), p.get(0));
    }

    @Test void duplicateKeyIsAProblem() throws IOException {
        Path file = yaml("bind: 127.0.0.1\nbind: ::1\n");
        assertEquals(List.of(file + ":2: bind: duplicate key"), problems(Map.of(), Map.of()));
    }

    @Test void explicitlyNamedConfigFileMustExist() throws IOException {
        yaml("api:\n  port: 5000\n"); // the default file exists but is not used when another is named
        assertEquals(List.of("--config: settings file not found: " + cwd.resolve("missing.yaml")),
                problems(Map.of("config", "missing.yaml"), Map.of()));
        assertEquals(List.of("TOLLGATE_CONFIG: settings file not found: /nonexistent/tollgate.yaml"),
                problems(Map.of(), Map.of("TOLLGATE_CONFIG", "/nonexistent/tollgate.yaml")));
        assertEquals(List.of("--config: is a directory, not a settings file: " + cwd.resolve("config")),
                problems(Map.of("config", "config"), Map.of()));
    }

    @Test void configFlagBeatsConfigEnvironmentVariable() throws IOException {
        Files.writeString(cwd.resolve("a.yaml"), "api:\n  port: 5001\n");
        Files.writeString(cwd.resolve("b.yaml"), "api:\n  port: 5002\n");
        assertEquals(5001, load(Map.of("config", "a.yaml"), Map.of("TOLLGATE_CONFIG", "b.yaml")).api().port());
        assertEquals(5002, load(Map.of(), Map.of("TOLLGATE_CONFIG", "b.yaml")).api().port());
    }

    @Test void relativePathsResolveAgainstTheWorkingDirectory() throws IOException {
        Files.createDirectories(cwd.resolve("etc"));
        Files.writeString(cwd.resolve("etc/upstream.pem"), "-----BEGIN CERTIFICATE-----\n");
        yaml("""
                data_dir: var/../state
                policy_dir: ./pol
                proxy:
                  destinations: dest.yaml
                  upstream_ca: etc/upstream.pem
                store:
                  url: sqlite:db/tg.db
                """);
        Settings s = load(Map.of("gateway_config", "gw.yaml"), Map.of());
        assertEquals(cwd.resolve("state"), s.dataDir());
        assertEquals(cwd.resolve("pol"), s.policyDir());
        assertEquals(cwd.resolve("gw.yaml"), s.gatewayConfig());
        assertEquals(cwd.resolve("dest.yaml"), s.proxy().destinations());
        assertEquals(Optional.of(cwd.resolve("etc/upstream.pem")), s.proxy().upstreamCa());
        assertEquals(new StoreUrl.Sqlite(cwd.resolve("db/tg.db")), s.store());
        assertTrue(s.dataDir().isAbsolute());
    }

    @Test void upstreamCaMustBeAReadableFile() throws IOException {
        Path file = yaml("proxy:\n  upstream_ca: nope.pem\n");
        assertEquals(List.of(file + ":2: proxy.upstream_ca: file not found: " + cwd.resolve("nope.pem")),
                problems(Map.of(), Map.of()));
        assertEquals(List.of("--upstream-ca: not a regular file: " + cwd),
                problems(Map.of("proxy.upstream_ca", "."), Map.of()));
    }

    @Test void apiAndProxyCannotShareAPort() throws IOException {
        assertEquals(List.of("TOLLGATE_PORT: the API and the proxy cannot share port 4001 (proxy.port from the default)"),
                problems(Map.of(), Map.of("TOLLGATE_PORT", "4001")));
        Path file = yaml("api:\n  port: 5000\n");
        assertEquals(List.of("--proxy-port: the API and the proxy cannot share port 5000 (api.port from " + file + ":2)"),
                problems(Map.of("proxy.port", "5000"), Map.of()));
        // Port 0 means "any free port": two zeros do not collide.
        Settings s = load(Map.of("api.port", "0", "proxy.port", "0"), Map.of());
        assertEquals(0, s.api().port());
    }

    @Test void listsAndMapsFromEverySource() throws IOException {
        yaml("""
                proxy:
                  allow_private: ["10.0.0.0/8", "fd00::/8"]
                  tls_passthrough: ["*.Bank.example", pinned.example]
                  hosts:
                    Internal.Example.com: 10.1.2.3
                    v6.example: "fd00::1"
                """);
        Settings fromFile = load(Map.of(), Map.of());
        assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")), fromFile.proxy().allowPrivate());
        assertEquals(List.of("*.bank.example", "pinned.example"), fromFile.proxy().tlsPassthrough());
        assertEquals(Map.of("internal.example.com", InetAddress.getByName("10.1.2.3"),
                "v6.example", InetAddress.getByName("fd00::1")), fromFile.proxy().hosts());

        Settings fromEnv = load(Map.of(), Map.of("TOLLGATE_ALLOW_PRIVATE", "192.168.0.0/16,"));
        assertEquals(List.of(Cidr.parse("192.168.0.0/16")), fromEnv.proxy().allowPrivate());
        Settings fromFlag = load(Map.of("proxy.allow_private", "127.0.0.1"), Map.of());
        assertEquals(List.of(Cidr.parse("127.0.0.1/32")), fromFlag.proxy().allowPrivate());
    }

    @Test void bindAcceptsLiteralsAndLocalhostOnly() {
        assertEquals("::1", load(Map.of("bind", "::1"), Map.of()).bind());
        assertEquals("localhost", load(Map.of("bind", "localhost"), Map.of()).bind());
        assertEquals("0.0.0.0", load(Map.of("bind", "0.0.0.0"), Map.of()).bind());
        assertEquals(1, problems(Map.of("bind", "1.2.3.999"), Map.of()).size());
    }

    @Test void rootThatIsNotAMap() throws IOException {
        Path file = yaml("- a\n- b\n");
        assertEquals(List.of(file + ":1: must be a map of settings, not a list"), problems(Map.of(), Map.of()));
    }

    @Test void unknownFlagKeyIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("proxy.hosts", "x=1.2.3.4"), Map.of()));
    }
}
