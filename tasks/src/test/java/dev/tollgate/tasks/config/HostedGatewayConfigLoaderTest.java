package dev.tollgate.tasks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.policy.RootMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HostedGatewayConfigLoaderTest {
    private static final String SRC = "gw.yaml";

    @TempDir Path tmp;
    private Path dir;  // a canonical directory
    private Path file; // a regular file
    private Path link; // a symbolic link to dir

    @BeforeEach void setUp() throws IOException {
        dir = Files.createDirectory(tmp.toRealPath().resolve("root"));
        Files.createDirectory(dir.resolve("sub"));
        file = Files.writeString(tmp.toRealPath().resolve("plain.txt"), "x");
        link = Files.createSymbolicLink(tmp.toRealPath().resolve("link"), dir);
    }

    private String fill(String yaml) {
        return yaml.replace("${DIR}", dir.toString()).replace("${FILE}", file.toString()).replace("${LINK}", link.toString());
    }

    private HostedGatewayConfig parse(String yaml) {
        return HostedGatewayConfigLoader.parse(SRC, fill(yaml));
    }

    private List<ConfigProblem> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).problems();
    }

    /** One bad setting each: exactly one problem, at this line and key, saying this. */
    record Case(String yaml, int line, String key, String says) {
        @Override public String toString() { return key + " <- " + yaml.strip().replace("\n", " / "); }
    }

    private static final List<Case> CASES = List.of(
            new Case("hosted_gatway:\n  gateway_id: x\n", 1, "hosted_gatway", "unknown field"),
            new Case("hosted_gateway:\n  gateway: x\n", 2, "hosted_gateway.gateway", "unknown field"),
            new Case("hosted_gateway:\n  local_access:\n    blocked_comands: [sudo]\n", 3,
                    "hosted_gateway.local_access.blocked_comands", "unknown field"),
            new Case("hosted_gateway:\n  shell:\n    timeout: 3\n", 3, "hosted_gateway.shell.timeout", "unknown field"),
            new Case("hosted_gateway:\n  wallets:\n    costs: {shell: 1, read: 2}\n", 3,
                    "hosted_gateway.wallets.costs.read", "unknown field"),
            new Case("hosted_gateway: [a]\n", 1, "hosted_gateway", "must be a map"),
            new Case("hosted_gateway:\n  gateway_id: 'gw local'\n", 2, "hosted_gateway.gateway_id", "not a gateway id"),
            new Case("hosted_gateway:\n  gateway_id: " + "g".repeat(65) + "\n", 2, "hosted_gateway.gateway_id", "1 to 64"),
            new Case("hosted_gateway:\n  gateway_id: 7\n", 2, "hosted_gateway.gateway_id", "must be a string"),
            new Case("hosted_gateway:\n  local_access:\n    enabled: true\n", 3,
                    "hosted_gateway.local_access.enabled", "no allowed_roots"),
            new Case("hosted_gateway:\n  local_access:\n    enabled: true\n    allowed_roots: []\n", 4,
                    "hosted_gateway.local_access.allowed_roots", "no allowed_roots"),
            new Case("hosted_gateway:\n  local_access:\n    enabled: 'yes'\n", 3,
                    "hosted_gateway.local_access.enabled", "must be true or false"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - srv/app\n", 4,
                    "hosted_gateway.local_access.allowed_roots[0]", "\"srv/app\" is relative"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - \"${DIR}/../root\"\n", 4,
                    "hosted_gateway.local_access.allowed_roots[0]", "contains '..'"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - \"${DIR}/missing\"\n", 4,
                    "hosted_gateway.local_access.allowed_roots[0]", "/missing\" does not exist"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - \"${FILE}\"\n", 4,
                    "hosted_gateway.local_access.allowed_roots[0]", "is not a directory"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - path: \"${LINK}\"\n        mode: read_write\n", 4,
                    "hosted_gateway.local_access.allowed_roots[0].path", "is not canonical"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - \"${DIR}/./sub\"\n", 4,
                    "hosted_gateway.local_access.allowed_roots[0]", "is not canonical"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots: [\"/\"]\n", 3,
                    "hosted_gateway.local_access.allowed_roots[0]", "whole file system"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - {path: \"${DIR}\", mode: rw}\n", 4,
                    "hosted_gateway.local_access.allowed_roots[0].mode", "unknown root mode 'rw'"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - {mode: read_only}\n", 4,
                    "hosted_gateway.local_access.allowed_roots[0].path", "is required"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - {path: \"${DIR}\", writable: true}\n", 4,
                    "hosted_gateway.local_access.allowed_roots[0].writable", "unknown field"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - 42\n", 4,
                    "hosted_gateway.local_access.allowed_roots[0]", "must be a path or a map"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - \"${DIR}\"\n      - \"${DIR}\"\n", 5,
                    "hosted_gateway.local_access.allowed_roots[1]", "listed twice"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - \"${DIR}\"\n      - {path: \"${DIR}/sub\", mode: read_write}\n", 5,
                    "hosted_gateway.local_access.allowed_roots[1]", "is inside hosted_gateway.local_access.allowed_roots[0]"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots:\n      - \"${DIR}/sub\"\n      - \"${DIR}\"\n", 5,
                    "hosted_gateway.local_access.allowed_roots[1]", "contains hosted_gateway.local_access.allowed_roots[0]"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_roots: \"${DIR}\"\n", 3,
                    "hosted_gateway.local_access.allowed_roots", "must be a list"),
            new Case("hosted_gateway:\n  local_access:\n    max_file_bytes: 0\n", 3,
                    "hosted_gateway.local_access.max_file_bytes", "must be between 1 and"),
            new Case("hosted_gateway:\n  local_access:\n    max_file_bytes: 1MB\n", 3,
                    "hosted_gateway.local_access.max_file_bytes", "must be an integer"),
            new Case("hosted_gateway:\n  local_access:\n    exclude_globs: [\"**/.env\", \" \"]\n", 3,
                    "hosted_gateway.local_access.exclude_globs[1]", "is empty"),
            new Case("hosted_gateway:\n  local_access:\n    allowed_commands:\n      - git\n      - 3\n", 5,
                    "hosted_gateway.local_access.allowed_commands[1]", "must be a string"),
            new Case("hosted_gateway:\n  local_access:\n    blocked_commands: sudo\n", 3,
                    "hosted_gateway.local_access.blocked_commands", "must be a list of strings"),
            new Case("hosted_gateway:\n  local_access:\n    approval_required_risk_levels:\n      - critical\n      - high\n", 5,
                    "hosted_gateway.local_access.approval_required_risk_levels[1]", "unknown risk level 'high'"),
            new Case("hosted_gateway:\n  shell:\n    approval_timeout_seconds: -1\n", 3,
                    "hosted_gateway.shell.approval_timeout_seconds", "must be between 1 and 86400"),
            new Case("hosted_gateway:\n  shell:\n    command_timeout_seconds: 86401\n", 3,
                    "hosted_gateway.shell.command_timeout_seconds", "must be between 1 and 86400"),
            new Case("hosted_gateway:\n  shell:\n    max_output_bytes: 16777217\n", 3,
                    "hosted_gateway.shell.max_output_bytes", "must be between 1 and 16777216"),
            new Case("hosted_gateway:\n  shell:\n    env:\n      PATH: /bin\n      TOLLGATE_ADMIN_KEY: x\n", 5,
                    "hosted_gateway.shell.env.TOLLGATE_ADMIN_KEY", "never enter a command's environment"),
            new Case("hosted_gateway:\n  shell:\n    env:\n      tollgate_store: x\n", 4,
                    "hosted_gateway.shell.env.tollgate_store", "never enter"),
            new Case("hosted_gateway:\n  shell:\n    env:\n      1BAD: x\n", 4,
                    "hosted_gateway.shell.env.1BAD", "not a valid variable name"),
            new Case("hosted_gateway:\n  shell:\n    env:\n      \"A-B\": x\n", 4,
                    "hosted_gateway.shell.env.A-B", "not a valid variable name"),
            new Case("hosted_gateway:\n  shell:\n    env:\n      CI: true\n", 4,
                    "hosted_gateway.shell.env.CI", "must be a string, not a boolean (quote it: \"true\")"),
            new Case("hosted_gateway:\n  shell:\n    env:\n      PATHS: [/bin]\n", 4,
                    "hosted_gateway.shell.env.PATHS", "must be a string, not a list"),
            new Case("hosted_gateway:\n  shell:\n    env: PATH=/bin\n", 3, "hosted_gateway.shell.env", "must be a map"),
            new Case("hosted_gateway:\n  shell:\n    protected_branches: [main, \"\"]\n", 3,
                    "hosted_gateway.shell.protected_branches[1]", "is empty"),
            new Case("hosted_gateway:\n  wallets:\n    enabled: 1\n", 3, "hosted_gateway.wallets.enabled", "must be true or false"),
            new Case("hosted_gateway:\n  wallets:\n    costs: {shell: -1}\n", 3,
                    "hosted_gateway.wallets.costs.shell", "must be between 0 and"));

    static List<Case> cases() { return CASES; }

    @ParameterizedTest
    @MethodSource("cases")
    void everyErrorNamesFileLineAndKey(Case c) {
        List<ConfigProblem> ps = assertThrows(ConfigException.class, () -> parse(c.yaml()), c.yaml()).problems();
        assertEquals(1, ps.size(), () -> "one problem expected for\n" + c.yaml() + "got " + ps);
        String text = ps.get(0).toString();
        String prefix = SRC + ":" + c.line() + ": " + c.key() + ": ";
        assertTrue(text.startsWith(prefix), () -> "expected prefix " + prefix + " in: " + text);
        assertTrue(text.contains(c.says()), () -> "expected '" + c.says() + "' in: " + text);
    }

    @Test void rootProblemsNameTheRoot() {
        String msg = problems("hosted_gateway:\n  local_access:\n    allowed_roots: [\"${LINK}\"]\n").get(0).message();
        assertTrue(msg.contains("\"" + link + "\""), msg);
        assertTrue(msg.contains(dir.toString()), "says where it resolves: " + msg);
    }

    @Test void allProblemsAreReportedAtOnceInLineOrder() {
        List<ConfigProblem> ps = problems("""
                hosted_gateway:
                  gateway_id: "bad id"
                  local_access:
                    enabled: true
                    allowed_roots: [relative/dir]
                    max_file_bytes: -5
                  shell:
                    env: {TOLLGATE_ADMIN_KEY: x}
                  wallet: {}
                """);
        assertEquals(List.of(2, 5, 6, 8, 9), ps.stream().map(ConfigProblem::line).toList(), ps.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> parse("hosted_gateway:\n  a: 1\n  b: 2\n"));
        assertEquals(SRC + ":2: hosted_gateway.a: unknown field\n" + SRC + ":3: hosted_gateway.b: unknown field",
                e.getMessage());
    }

    @Test void plainStringRootsAreReadOnlyAndMapsTakeTheirMode() throws IOException {
        Path other = Files.createDirectory(tmp.toRealPath().resolve("other"));
        HostedGatewayConfig c = parse("""
                hosted_gateway:
                  local_access:
                    enabled: true
                    allowed_roots:
                      - "${DIR}"
                      - {path: "%s", mode: read_write}
                """.formatted(other));
        assertTrue(c.localAccess().enabled());
        assertEquals(List.of(new AllowedRoot(dir, RootMode.READ_ONLY), new AllowedRoot(other, RootMode.READ_WRITE)),
                c.localAccess().roots());
    }

    @Test void rootsAreCheckedEvenWhenLocalAccessIsOff() {
        List<ConfigProblem> ps = problems("hosted_gateway:\n  local_access:\n    enabled: false\n    allowed_roots: [\"${DIR}/nope\"]\n");
        assertTrue(ps.get(0).message().contains("does not exist"), ps.toString());
        assertTrue(parse("hosted_gateway:\n  local_access:\n    enabled: false\n    allowed_roots: []\n")
                .localAccess().roots().isEmpty());
    }

    @Test void absentKeysTakeTheSpecDefaults() {
        HostedGatewayConfig c = parse("hosted_gateway:\n  gateway_id: gw-test\n");
        assertEquals("gw-test", c.gatewayId());
        LocalAccess la = c.localAccess();
        assertFalse(la.enabled());
        assertEquals(1048576, la.maxFileBytes());
        assertEquals(List.of("**/.env", "**/.env.*", "**/secrets/**"), la.excludeGlobs());
        assertEquals(Set.of(RiskTier.DESTRUCTIVE, RiskTier.CRITICAL), la.approvalRequiredLevels());
        assertTrue(la.allowedCommands().isEmpty(), "nothing is allowed unless listed");
        ShellSettings sh = c.shell();
        assertEquals(300, sh.approvalTimeoutSeconds());
        assertEquals(120, sh.commandTimeoutSeconds());
        assertEquals(65536, sh.maxOutputBytes());
        assertEquals(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8"), sh.env());
        assertEquals(List.of("main", "master", "release/*"), sh.protectedBranches());
        assertFalse(c.wallets().enabled());
        assertEquals(new WalletSettings.Costs(10, 1, 2, 5), c.wallets().costs());
    }

    @Test void emptyFileIsTheDefaultsWithAHostBasedId() {
        HostedGatewayConfig c = parse("");
        assertEquals(HostedGatewayConfig.defaults(), c);
        assertTrue(c.gatewayId().startsWith("gw-"), c.gatewayId());
        assertTrue(GatewayIds.isValid(c.gatewayId()), c.gatewayId());
        assertEquals(HostedGatewayConfig.defaults(), parse("hosted_gateway:\n"));
        // Sections whose lines are all commented out are empty, not errors.
        assertEquals(HostedGatewayConfig.defaults(),
                parse("hosted_gateway:\n  shell:\n    # max_output_bytes: 1\n  local_access:\n  wallets:\n"));
    }

    @Test void configuredEnvReplacesTheDefaultAndKeepsItsOrder() {
        ShellSettings sh = parse("hosted_gateway:\n  shell:\n    env: {LANG: C, HOME: /tmp, CI: \"true\"}\n").shell();
        assertEquals(List.of("LANG", "HOME", "CI"), List.copyOf(sh.env().keySet()));
        assertEquals("true", sh.env().get("CI"));
    }

    @Test void safeInApprovalLevelsIsAccepted() {
        assertEquals(Set.of(RiskTier.SAFE), parse("hosted_gateway:\n  local_access:\n    approval_required_risk_levels: [safe]\n")
                .localAccess().approvalRequiredLevels());
        assertEquals(Set.of(), parse("hosted_gateway:\n  local_access:\n    approval_required_risk_levels: []\n")
                .localAccess().approvalRequiredLevels());
    }

    @Test void exampleFileLoads() {
        Path example = exampleFile();
        HostedGatewayConfig c = HostedGatewayConfigLoader.load(example);
        assertEquals("gw-local", c.gatewayId());
        assertFalse(c.localAccess().enabled());
        assertEquals(List.of("git", "ls", "cat", "npm test"), c.localAccess().allowedCommands());
        assertEquals(List.of("sudo", "git push --force"), c.localAccess().blockedCommands());
        assertTrue(c.localAccess().excludeGlobs().contains("**/*.pem"));
        assertEquals(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8"), c.shell().env());
        assertEquals(new WalletSettings.Costs(10, 1, 2, 5), c.wallets().costs());
    }

    @Test void loadReportsProblemsUnderTheFilePath() throws IOException {
        Path f = Files.writeString(tmp.resolve("gateway.yaml"), "hosted_gateway:\n  shel: {}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> HostedGatewayConfigLoader.load(f));
        assertEquals(f + ":2: hosted_gateway.shel: unknown field", e.getMessage());
    }

    @Test void missingFileIsOneProblemNamingIt() {
        Path missing = tmp.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> HostedGatewayConfigLoader.load(missing));
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().startsWith(missing + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test void yamlSyntaxErrorsNameTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("hosted_gateway:\n  shell: {\n"));
        assertTrue(e.getMessage().startsWith(SRC + ":"), e.getMessage());
        ConfigException dup = assertThrows(ConfigException.class,
                () -> parse("hosted_gateway:\n  gateway_id: a\n  gateway_id: b\n"));
        assertEquals(SRC + ":3: gateway_id: duplicate key", dup.getMessage());
    }

    /** The repository's example: walk up from the working directory (tasks/ under Maven). */
    private static Path exampleFile() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("config/gateway.yaml");
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new AssertionError("config/gateway.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
