package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CliHelpTest {
    @TempDir Path cwd;

    private static final List<String> SERVER = List.of("--server", "--key", "--data-dir", "--config");

    /** Every command, with the options its help must list. */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("", List.of("serve", "version", "policy", "destinations", "ca", "env", "agents", "reviewers", "intents", "held", "audit")),
                Arguments.of("serve", List.of("--port", "--proxy-port", "--bind", "--data-dir", "--policy-dir",
                        "--destinations", "--gateway-config", "--[no-]tls-intercept", "--hold-timeout-ms",
                        "--upstream-ca", "--allow-private", "--proxy-auth", "--[no-]open-registration",
                        "--environment", "--store", "--config")),
                Arguments.of("version", List.of("--help")),
                Arguments.of("policy", List.of("check")),
                Arguments.of("destinations", List.of("check", "test")),
                Arguments.of("ca", List.of("init", "show", "export")),
                Arguments.of("ca init", List.of("--data-dir", "--config")),
                Arguments.of("ca show", List.of("--data-dir", "--config")),
                Arguments.of("ca export", List.of("--format", "--out", "--password")),
                Arguments.of("env", List.of("--agent-key", "--agent-id", "--proxy-url")),
                Arguments.of("policy check", List.of("DIR", "--config")),
                Arguments.of("agents", List.of("register", "list")),
                Arguments.of("agents register", concat(SERVER, "--name", "--risk-tier", "--owner")),
                Arguments.of("agents list", SERVER),
                Arguments.of("reviewers", List.of("add")),
                Arguments.of("reviewers add", concat(SERVER, "--name")),
                Arguments.of("intents", List.of("list", "show", "approve", "reject")),
                Arguments.of("intents list", concat(SERVER, "--status", "--limit")),
                Arguments.of("intents show", concat(SERVER, "ID")),
                Arguments.of("intents approve", concat(SERVER, "ID")),
                Arguments.of("intents reject", concat(SERVER, "ID", "--reason")),
                Arguments.of("audit", List.of("verify", "export")),
                Arguments.of("audit verify", List.of("--data-dir", "--config")),
                Arguments.of("audit export", concat(SERVER, "--since", "--format")));
    }

    private static List<String> concat(List<String> a, String... b) {
        return Stream.concat(a.stream(), Stream.of(b)).toList();
    }

    @ParameterizedTest(name = "tollgate {0} --help")
    @MethodSource("commands")
    void helpWorksAndListsTheOptions(String command, List<String> expected) {
        String[] args = Stream.concat(Stream.of(command.split(" ")).filter(s -> !s.isEmpty()), Stream.of("--help"))
                .toArray(String[]::new);
        CliRun r = CliRun.run(cwd, args);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("Usage: tollgate" + (command.isEmpty() ? "" : " " + command)), r.out());
        assertTrue(r.out().contains("--help"), r.out());
        for (String option : expected) assertTrue(r.out().contains(option), option + " missing from\n" + r.out());
    }

    @Test void helpSubcommandWorksToo() {
        CliRun r = CliRun.run(cwd, "help", "intents");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("Usage: tollgate intents"), r.out());
    }

    @Test void versionPrintsAVersion() {
        CliRun r = CliRun.run(cwd, "version");
        assertEquals(0, r.exit(), r.toString());
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.matches("tollgate \\S.*"), first);
        assertEquals("tollgate " + TollgateVersion.version(), first);
        assertEquals(r.out(), CliRun.run(cwd, "--version").out());
    }

    @Test void aGroupWithoutSubcommandIsAUsageError() {
        CliRun r = CliRun.run(cwd, "intents");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("Missing required subcommand"), r.err());
        assertTrue(r.err().contains("Usage: tollgate intents"), r.err());
        assertEquals(2, CliRun.run(cwd).exit());
    }

    @Test void badUsageExits2() {
        assertEquals(2, CliRun.run(cwd, "serve", "--no-such-flag").exit());
        assertEquals(2, CliRun.run(cwd, "agents", "register").exit(), "--name is required");
        assertEquals(2, CliRun.run(cwd, "intents", "show").exit(), "ID is required");
        assertEquals(2, CliRun.run(cwd, "intents", "list", "--limit", "many").exit());
        assertEquals(2, CliRun.run(cwd, "audit", "export", "--format", "csv").exit());
        assertEquals(2, CliRun.run(cwd, "frobnicate").exit());
    }
}
