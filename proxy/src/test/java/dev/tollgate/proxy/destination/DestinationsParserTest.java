package dev.tollgate.proxy.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationsParserTest {
    @TempDir Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("destinations.yaml"), yaml);
    }

    private List<ConfigProblem> problems(String yaml) throws IOException {
        Path file = write(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> DestinationsParser.parse(file));
        for (ConfigProblem p : e.problems()) assertEquals(file.toString(), p.source(), p.toString());
        return e.problems();
    }

    /** The only problem of {@code yaml}: exactly one, at {@code line} and {@code key}, message containing {@code words}. */
    private void onlyProblem(String yaml, int line, String key, String words) throws IOException {
        List<ConfigProblem> ps = problems(yaml);
        assertEquals(1, ps.size(), ps.toString());
        ConfigProblem p = ps.get(0);
        assertEquals(line, p.line(), p.toString());
        assertEquals(key, p.key(), p.toString());
        assertTrue(p.message().contains(words), p.toString());
    }

    /** One rule whose match has {@code matchLine} as its third line (line 4 of the file). */
    private static String rule(String extraMatch, String extraRule) {
        return "destinations:\n"
                + "  - name: r\n"
                + "    match:\n"
                + "      host: api.example.com\n"
                + (extraMatch.isEmpty() ? "" : "      " + extraMatch + "\n")
                + "    policy: allow\n"
                + (extraRule.isEmpty() ? "" : "    " + extraRule + "\n");
    }

    @Test void aValidFileParsesIntoRules() throws IOException {
        Path file = write("""
                # comment
                destinations:
                  - name: stripe.refund
                    match:
                      host: API.Stripe.com
                      port: 443
                      methods: [post, Patch, POST]
                      path: /v1/refunds/**
                    policy: finance-high-risk
                    record_count: /records
                    pending: hold
                  - name: openai
                    match: { host: "*.OpenAI.com." }
                    policy: allow
                    pending: retry
                default_policy: deny
                """);
        DestinationRules rules = DestinationsParser.parse(file);
        assertEquals(file.toString(), rules.source());
        assertEquals(64, rules.version().length());
        assertEquals("deny", rules.defaultPolicy());
        assertEquals(16, rules.defaultPolicyLine());
        assertEquals(2, rules.rules().size());
        DestinationRule r = rules.rules().get(0);
        assertEquals(0, r.index());
        assertEquals(3, r.line());
        assertEquals("stripe.refund", r.name());
        assertEquals(new HostPattern.Exact("api.stripe.com"), r.host());
        assertEquals(443, r.port());
        assertEquals(List.of("POST", "PATCH"), r.methods(), "upper-cased, duplicates dropped");
        assertEquals("/v1/refunds/**", r.path().text());
        assertEquals("finance-high-risk", r.policy());
        assertEquals(9, r.policyLine());
        assertEquals("/records", r.recordCount());
        assertEquals(Pending.HOLD, r.pending());
        DestinationRule o = rules.rules().get(1);
        assertEquals(new HostPattern.Subdomains("openai.com"), o.host());
        assertNull(o.port());
        assertEquals(List.of(), o.methods());
        assertNull(o.path());
        assertNull(o.recordCount());
        assertEquals(Pending.RETRY, o.pending());
    }

    @Test void defaultPolicyAbsentOrNullBlocks() throws IOException {
        assertNull(DestinationsParser.parse(write("destinations: []\n")).defaultPolicy());
        assertNull(DestinationsParser.parse(write("destinations: []\ndefault_policy: null\n")).defaultPolicy());
        assertNull(DestinationsParser.parse(write("destinations: []\ndefault_policy:\n")).defaultPolicy());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key     | destinations: []\\ncolour: blue\\n                                   | 2 | colour                       | unknown field
            destinations not a list   | destinations:\\n  a: 1\\n                                           | 1 | destinations                 | must be a list
            destinations a string     | destinations: everything\\n                                         | 1 | destinations                 | must be a list
            destinations missing      | default_policy: allow\\n                                            | 1 | destinations                 | is required
            rule not a map            | destinations:\\n  - just-a-name\\n                                  | 2 | destinations[0]              | must be a map
            default_policy bad id     | destinations: []\\ndefault_policy: ../etc/passwd\\n                  | 2 | default_policy               | is not a policy id
            default_policy not string | destinations: []\\ndefault_policy: [allow]\\n                        | 2 | default_policy               | must be a string
            """)
    void fileLevelProblems(String what, String yaml, int line, String key, String words) throws IOException {
        onlyProblem(yaml.replace("\\n", "\n"), line, key, words);
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # match-level entries, on line 5
            unknown match key     | scheme: https          |                        | 5 | destinations[0].match.scheme     | unknown field
            port zero             | port: 0                |                        | 5 | destinations[0].match.port       | between 1 and 65535
            port too big          | port: 70000            |                        | 5 | destinations[0].match.port       | between 1 and 65535
            port a string         | port: "443"            |                        | 5 | destinations[0].match.port       | must be an integer
            glob without slash    | path: v1/refunds       |                        | 5 | destinations[0].match.path       | must start with /
            glob ** in a segment  | path: /v1/a**          |                        | 5 | destinations[0].match.path       | ** must be a whole segment
            glob *** segment      | path: /v1/***          |                        | 5 | destinations[0].match.path       | ** must be a whole segment
            glob with ..          | path: /v1/../admin     |                        | 5 | destinations[0].match.path       | '..' segment
            glob with .           | path: /v1/./admin      |                        | 5 | destinations[0].match.path       | '.' segment
            glob with //          | path: /v1//admin       |                        | 5 | destinations[0].match.path       | empty segment
            glob with %2F         | path: /v1%2Fadmin      |                        | 5 | destinations[0].match.path       | encoded slash
            glob with backslash   | path: '/v1\\admin'     |                        | 5 | destinations[0].match.path       | backslash
            glob with query       | path: /v1?x=1          |                        | 5 | destinations[0].match.path       | query or fragment
            glob with ;           | path: /v1;x            |                        | 5 | destinations[0].match.path       | path parameters
            glob with bad escape  | path: /v1%zz           |                        | 5 | destinations[0].match.path       | malformed percent-escape
            glob with space       | path: /v1/a b          |                        | 5 | destinations[0].match.path       | not allowed in a path
            methods empty         | methods: []            |                        | 5 | destinations[0].match.methods    | is empty
            methods not a list    | methods: POST          |                        | 5 | destinations[0].match.methods    | must be a list
            method not a token    | 'methods: [POST, "GE T"]' |                     | 5 | destinations[0].match.methods[1] | is not an HTTP method
            # rule-level entries, on line 6
            unknown rule key      |                        | colour: blue           | 6 | destinations[0].colour           | unknown field
            pointer without slash |                        | record_count: records  | 6 | destinations[0].record_count     | must start with /
            pointer bad escape    |                        | record_count: /a~2b    | 6 | destinations[0].record_count     | must be followed by 0 or 1
            pointer trailing ~    |                        | record_count: /a~      | 6 | destinations[0].record_count     | must be followed by 0 or 1
            pointer not a string  |                        | record_count: 3        | 6 | destinations[0].record_count     | must be a string
            pending bad           |                        | pending: wait          | 6 | destinations[0].pending          | "hold" or "retry"
            pending upper case    |                        | pending: HOLD          | 6 | destinations[0].pending          | "hold" or "retry"
            pending boolean       |                        | pending: true          | 6 | destinations[0].pending          | must be a string
            """)
    void ruleProblems(String what, String extraMatch, String extraRule, int line, String key, String words)
            throws IOException {
        onlyProblem(rule(extraMatch == null ? "" : extraMatch, extraRule == null ? "" : extraRule), line, key, words);
    }

    @ParameterizedTest(name = "[{index}] host {0}")
    @CsvSource({"'exa mple.com'", "'*'", "'*.'", "'api.*.com'", "'**.example.com'", "'10.1'", "'1.2.3.4.5'",
            "'example..com'", "'-bad.example.com'", "'http://example.com'", "'example.com:443'", "'[::1'", "''"})
    void badHosts(String host) throws IOException {
        onlyProblem("destinations:\n  - name: r\n    match:\n      host: '" + host + "'\n    policy: allow\n",
                4, "destinations[0].match.host", "is not a host pattern");
    }

    @ParameterizedTest(name = "[{index}] host {0}")
    @CsvSource({"api.example.com, api.example.com", "API.Example.COM., api.example.com", "'*.example.com', '*.example.com'",
            "'*.A.b.example.com', '*.a.b.example.com'", "10.0.0.1, 10.0.0.1", "'::1', '::1'", "'[2001:DB8::1]', '2001:db8::1'",
            "internal_host, internal_host", "xn--bcher-kva.example, xn--bcher-kva.example"})
    void goodHosts(String host, String normalised) throws IOException {
        DestinationRules rules = DestinationsParser.parse(write(
                "destinations:\n  - name: r\n    match: { host: '" + host + "' }\n    policy: allow\n"));
        assertEquals(normalised, rules.rules().get(0).host().text());
    }

    @Test void missingRequiredFieldsAreEachNamed() throws IOException {
        List<ConfigProblem> ps = problems("""
                destinations:
                  - match: {}
                  - name: b
                """);
        assertEquals(List.of(
                "2: destinations[0].name: is required",
                "2: destinations[0].match.host: is required",
                "2: destinations[0].policy: is required",
                "3: destinations[1].match: is required",
                "3: destinations[1].policy: is required"), ps.stream().map(p -> p.line() + ": " + p.key() + ": " + p.message()).toList());
    }

    @Test void badNamesAndPolicyIds() throws IOException {
        List<ConfigProblem> ps = problems("""
                destinations:
                  - name: stripe refund
                    match: { host: a.test }
                    policy: ../../etc/passwd
                """);
        assertEquals(2, ps.size(), ps.toString());
        assertEquals("destinations[0].name", ps.get(0).key());
        assertEquals(2, ps.get(0).line());
        assertTrue(ps.get(0).message().contains("not a logical destination name"), ps.get(0).message());
        assertEquals("destinations[0].policy", ps.get(1).key());
        assertEquals(4, ps.get(1).line());
    }

    @Test void duplicateNamesPointAtTheFirstUse() throws IOException {
        List<ConfigProblem> ps = problems("""
                destinations:
                  - name: same
                    match: { host: a.test }
                    policy: allow
                  - name: other
                    match: { host: b.test }
                    policy: allow
                  - name: same
                    match: { host: c.test, port: 0 }
                    policy: allow
                """);
        assertEquals(2, ps.size(), ps.toString());
        assertEquals(new ConfigProblem(ps.get(0).source(), 8, "destinations[2].name",
                "duplicate name \"same\": already used by destinations[0] (line 2)"), ps.get(0));
        assertEquals("destinations[2].match.port", ps.get(1).key());
    }

    @Test void yamlSyntaxErrorsNameTheLine() throws IOException {
        List<ConfigProblem> ps = problems("destinations: []\ndefault_policy: @allow\n");
        assertEquals(1, ps.size(), ps.toString());
        assertTrue(ps.get(0).message().startsWith("YAML syntax error"), ps.get(0).toString());
        assertEquals(2, ps.get(0).line(), ps.get(0).toString());
        assertEquals("", ps.get(0).key());
    }

    @Test void duplicateYamlKeysAreRefused() throws IOException {
        onlyProblem("destinations: []\ndestinations: []\n", 2, "destinations", "duplicate key");
    }

    @Test void aRootThatIsNotAMapIsRefused() throws IOException {
        onlyProblem("- name: a\n", 1, "", "must be a map");
    }

    @Test void everyProblemIsReportedSortedByLine() throws IOException {
        List<ConfigProblem> ps = problems("""
                destinations:
                  - name: a
                    match: { host: "bad host", port: 99999, methods: [GET], path: nope }
                    policy: allow
                    pending: later
                    record_count: x
                  - name: a
                    match: { host: ok.test }
                    policy: allow
                default_policy: 7
                extra: 1
                """);
        assertEquals(List.of(3, 3, 3, 5, 6, 7, 10, 11), ps.stream().map(ConfigProblem::line).toList(), ps.toString());
        assertEquals(Set.of("destinations[0].match.host", "destinations[0].match.port", "destinations[0].match.path",
                "destinations[0].pending", "destinations[0].record_count", "destinations[1].name", "default_policy", "extra"),
                Set.copyOf(ps.stream().map(ConfigProblem::key).toList()));
    }

    @Test void anUnreadableOrMissingFileIsAProblem() {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> DestinationsParser.parse(missing));
        assertEquals(missing.toString(), e.problems().get(0).source());
        assertTrue(e.problems().get(0).message().startsWith("cannot read"), e.getMessage());
    }

    @Test void invalidUtf8IsAProblem() throws IOException {
        Path file = Files.write(dir.resolve("bin.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> DestinationsParser.parse(file));
        assertEquals("not valid UTF-8", e.problems().get(0).message());
    }

    @Test void checkPoliciesNamesLineAndKeyOfEachUnknownPolicy() throws IOException {
        DestinationRules rules = DestinationsParser.parse(write("""
                destinations:
                  - name: a
                    match: { host: a.test }
                    policy: known
                  - name: b
                    match: { host: b.test }
                    policy: missing-one
                default_policy: missing-two
                """));
        List<ConfigProblem> ps = rules.checkPolicies(Set.of("known")::contains);
        assertEquals(2, ps.size(), ps.toString());
        assertEquals(7, ps.get(0).line());
        assertEquals("destinations[1].policy", ps.get(0).key());
        assertTrue(ps.get(0).message().startsWith("unknown policy \"missing-one\""), ps.get(0).message());
        assertEquals(8, ps.get(1).line());
        assertEquals("default_policy", ps.get(1).key());
        assertEquals(List.of(), rules.checkPolicies(Set.of("known", "missing-one", "missing-two")::contains));
    }

    @Test void pathGlobsAreNormalisedLikeRequests() {
        PathGlob g = PathGlob.parse("/%7Euser/a%2a/%c3%a9/");
        assertEquals(List.of("~user", "a%2A", "%C3%A9"), g.segments());
        assertTrue(PathGlob.parse("/**").matchesEverything());
        assertFalse(PathGlob.parse("/a/**").matchesEverything());
        assertEquals(List.of(), PathGlob.parse("/").segments());
        assertInstanceOf(RequestPath.Clear.class, RequestPath.of(""));
    }
}
