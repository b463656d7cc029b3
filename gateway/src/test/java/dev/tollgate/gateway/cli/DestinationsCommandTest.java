package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class DestinationsCommandTest {
    @TempDir Path cwd;
    private Path file;
    private Path policies;

    private static final String RULES = """
            destinations:
              - name: stripe.refund
                match:
                  host: api.stripe.com
                  methods: [POST]
                  path: /v1/refunds/**
                policy: finance
                record_count: /records
                pending: hold
              - name: openai
                match: { host: api.openai.com }
                policy: allow
            default_policy: null
            """;

    @BeforeEach void files() throws IOException {
        file = Files.writeString(cwd.resolve("dest.yaml"), RULES);
        policies = Files.createDirectories(cwd.resolve("pols"));
        Files.writeString(policies.resolve("finance.yaml"), "id: finance\nrequire_approval: always\n");
    }

    /** Runs the CLI in-process; registers the command itself until TollgateCli lists it. */
    static CliRun run(Map<String, String> env, Path cwd, String... args) {
        CliContext context = new CliContext(env, cwd, Plugins.of(Map.of()));
        CommandLine cl = TollgateCli.commandLine(context);
        if (!cl.getSubcommands().containsKey("destinations")) {
            cl.addSubcommand(new CommandLine(DestinationsCommand.class, new ContextFactory(context)));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    private CliRun run(String... args) {
        return run(Map.of(), cwd, args);
    }

    // ---- check

    @Test void checkPrintsTheRuleCount() {
        CliRun r = run("destinations", "check", "--policy-dir", "pols", "dest.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("OK: 2 rules\n", r.out());
        assertEquals("", r.err());
    }

    @Test void checkListsEveryProblemOnePerLine() throws IOException {
        Files.writeString(file, """
                destinations:
                  - name: a
                    match: { host: "bad host", port: 0 }
                    policy: allow
                    pending: later
                colour: blue
                """);
        CliRun r = run("destinations", "check", "--policy-dir", "pols", "dest.yaml");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals(List.of(
                file + ":3: destinations[0].match.host: \"bad host\" is not a host pattern: use a host name (api.example.com), an IP address, or *.example.com for its subdomains at any depth",
                file + ":3: destinations[0].match.port: must be between 1 and 65535, not 0",
                file + ":5: destinations[0].pending: must be \"hold\" or \"retry\", not \"later\"",
                file + ":6: colour: unknown field"), r.err().lines().toList());
    }

    @Test void checkNamesEachPolicyThatDoesNotExist() throws IOException {
        Files.writeString(file, RULES.replace("policy: finance", "policy: finanse")
                .replace("default_policy: null", "default_policy: deny"));
        CliRun r = run("destinations", "check", "--policy-dir", "pols", "dest.yaml");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(List.of(file + ":7: destinations[0].policy: unknown policy \"finanse\": no such file in the"
                + " policy directory, and not a built-in (allow, deny)"), r.err().lines().toList());
    }

    @Test void checkReportsAPolicyDirectoryThatDoesNotLoad() throws IOException {
        Files.writeString(policies.resolve("broken.yaml"), "id: broken\ncolour: red\n");
        CliRun r = run("destinations", "check", "--policy-dir", "pols", "dest.yaml");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(List.of(policies.resolve("broken.yaml") + ":2: colour: unknown field"), r.err().lines().toList());
    }

    @Test void checkDefaultsToTheSettings() throws IOException {
        Path other = Files.writeString(cwd.resolve("other.yaml"), "destinations: []\ndefault_policy: finance\n");
        CliRun r = run(Map.of("TOLLGATE_DESTINATIONS", "other.yaml", "TOLLGATE_POLICY_DIR", "pols"), cwd,
                "destinations", "check");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("OK: 0 rules\n", r.out());

        Files.writeString(other, "destinations: []\ndefault_policy: nope\n");
        CliRun bad = run(Map.of("TOLLGATE_DESTINATIONS", "other.yaml", "TOLLGATE_POLICY_DIR", "pols"), cwd,
                "destinations", "check");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith(other + ":2: default_policy: unknown policy \"nope\""), bad.err());
    }

    @Test void checkOfAMissingFileSaysSo() {
        CliRun r = run("destinations", "check", "--policy-dir", "pols", "nope.yaml");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith(cwd.resolve("nope.yaml") + ": cannot read"), r.err());
    }

    @Test void badSettingsAreAConfigurationError() {
        CliRun r = run(Map.of("TOLLGATE_PORT", "not-a-port"), cwd, "destinations", "check", "dest.yaml");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("TOLLGATE_PORT: "), r.err());
    }

    @Test void theRepositoryDestinationsPass() {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        CliRun r = run(Map.of(), repo, "destinations", "check");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("OK: \\d+ rules\n"), r.out());
        assertEquals("", r.err(), "a check prints its summary only");
    }

    // ---- test

    @Test void testPrintsRuleDestinationPolicyPendingAndRecordCount() {
        CliRun r = run("destinations", "test", "--method", "post", "--url", "https://API.stripe.com/v1/refunds/re_1?x=1", "dest.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("""
                request       POST https://API.stripe.com:443/v1/refunds/re_1
                rule          destinations[0] stripe.refund (line 2)
                destination   stripe.refund
                policy        finance
                pending       hold
                record_count  /records
                why           matched destinations[0] stripe.refund (line 2)
                """, r.out());
    }

    @Test void testShowsTheProxyDefaultsWhenTheRuleHasNone() {
        CliRun r = run("destinations", "test", "--method", "GET", "--url", "https://api.openai.com/v1/models", "dest.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("\nrule          destinations[1] openai (line 10)\n"), r.out());
        assertTrue(r.out().contains("\npending       proxy default (proxy.pending)\n"), r.out());
        assertTrue(r.out().contains("\nrecord_count  none (1 record per request)\n"), r.out());
    }

    @Test void testShowsABlockedRequest() {
        CliRun r = run("destinations", "test", "--method", "GET", "--url", "http://example.org:8080/x", "dest.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("""
                request       GET http://example.org:8080/x
                rule          none
                destination   example.org.http
                policy        none: blocked, destination_not_allowed
                pending       proxy default (proxy.pending)
                record_count  none (1 record per request)
                why           no rule matches and default_policy is null
                """, r.out());
    }

    @Test void testShowsTheDefaultPolicy() throws IOException {
        Files.writeString(file, RULES.replace("default_policy: null", "default_policy: finance"));
        CliRun r = run("destinations", "test", "--method", "GET", "--url", "https://example.org/", "dest.yaml");
        assertTrue(r.out().contains("\npolicy        finance (default_policy)\n"), r.out());
        assertTrue(r.out().contains("\ndestination   example.org.https\n"), r.out());
    }

    @Test void testExplainsAnUnclearPath() {
        CliRun r = run("destinations", "test", "--method", "POST", "--url", "https://api.stripe.com/v1/x/../refunds", "dest.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("\npolicy        none: blocked, destination_not_allowed\n"), r.out());
        assertTrue(r.out().contains("has a '..' segment, and destinations[0] stripe.refund (line 2) decides on the path"), r.out());
    }

    @Test void testCanPrintJson() {
        CliRun r = run("destinations", "test", "--json", "--method", "POST", "--url", "https://api.stripe.com/v1/refunds", "dest.yaml");
        assertEquals(0, r.exit(), r.toString());
        JsonNode j = Json.parse(r.out()).orElseThrow();
        assertEquals(0, j.path("rule").path("index").asInt());
        assertEquals("stripe.refund", j.path("rule").path("name").asText());
        assertEquals(2, j.path("rule").path("line").asInt());
        assertEquals("stripe.refund", j.path("destination").asText());
        assertEquals("finance", j.path("policy").asText());
        assertEquals("hold", j.path("pending").asText());
        assertEquals("/records", j.path("record_count").asText());
        assertEquals(false, j.path("blocked").asBoolean());
        assertTrue(j.path("reason_code").isNull());
        assertEquals(443, j.path("request").path("port").asInt());

        CliRun blocked = run("destinations", "test", "--json", "--method", "GET", "--url", "https://example.org/", "dest.yaml");
        JsonNode b = Json.parse(blocked.out()).orElseThrow();
        assertTrue(b.path("rule").isNull());
        assertTrue(b.path("policy").isNull());
        assertEquals(true, b.path("blocked").asBoolean());
        assertEquals("destination_not_allowed", b.path("reason_code").asText());
        assertEquals("blocked_no_rule", b.path("outcome").asText());
        assertEquals("example.org.https", b.path("destination").asText());
    }

    @Test void testOfAConnectHasNoPath() {
        CliRun r = run("destinations", "test", "--method", "CONNECT", "--url", "https://api.openai.com:443", "dest.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("request       CONNECT https://api.openai.com:443\nrule          destinations[1] openai"), r.out());
    }

    @ParameterizedTest(name = "[{index}] --method {0} --url {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET      | /v1/refunds                    | --url: "/v1/refunds" is not an absolute http:// or https:// URL
            GET      | ftp://example.com/             | --url: "ftp://example.com/" is not an absolute http:// or https:// URL
            GET      | api.stripe.com/v1              | --url: "api.stripe.com/v1" is not an absolute http:// or https:// URL
            GET      | https://exa mple.com/          | --url: "https://exa mple.com/" is not a valid URL: Illegal character in authority at index 8
            GET      | http://example.com:99999/      | --url: "http://example.com:99999/" has an invalid port: 99999
            'GE T'   | https://example.com/           | --method: "GE T" is not an HTTP method
            """)
    void testRefusesABadRequestWithExit2(String method, String url, String message) {
        CliRun r = run("destinations", "test", "--method", method, "--url", url, "dest.yaml");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals(message + "\n", r.err());
    }

    @Test void testOfAnInvalidFileListsItsProblems() throws IOException {
        Files.writeString(file, "destinations: {}\n");
        CliRun r = run("destinations", "test", "--method", "GET", "--url", "https://a.test/", "dest.yaml");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(file + ":1: destinations: must be a list, not a map\n", r.err());
    }

    @Test void testDefaultsToTheSettings() throws IOException {
        Files.writeString(cwd.resolve("other.yaml"), "destinations: []\ndefault_policy: allow\n");
        CliRun r = run(Map.of("TOLLGATE_DESTINATIONS", "other.yaml"), cwd,
                "destinations", "test", "--method", "GET", "--url", "https://a.test/");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("\npolicy        allow (default_policy)\n"), r.out());
    }

    @Test void testNeedsMethodAndUrl() {
        CliRun r = run("destinations", "test", "--url", "https://a.test/", "dest.yaml");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("Missing required option: '--method=M'"), r.err());
    }

    // ---- help

    @ParameterizedTest(name = "tollgate {0} --help")
    @CsvSource(delimiter = '|', textBlock = """
            destinations        | check,test
            destinations check  | FILE,--policy-dir,--config
            destinations test   | FILE,--method,--url,--json,--config
            """)
    void helpWorksEverywhere(String command, String expected) {
        String[] args = (command + " --help").split(" ");
        CliRun r = run(args);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("Usage: tollgate " + command), r.out());
        for (String option : expected.split(",")) assertTrue(r.out().contains(option), option + " missing from\n" + r.out());
    }

    @Test void theGroupAloneIsAUsageError() {
        CliRun r = run("destinations");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("Missing required subcommand"), r.err());
    }
}
