package dev.tollgate.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyParserTest {
    @TempDir Path dir;

    @Test
    void readsEveryField() throws Exception {
        Path file = PolicyFiles.write(dir, "full.yaml", """
                id: full
                destinations: [crm.import, crm.update]
                allowed_types: [CSV, txt]
                block_if_terms: ["legal action"]
                require_approval: never
                auto_approve_under: 10
                require_approval_over: 20
                expiry_minutes: 45
                field_checks:
                  - path: customer.email
                    required: true
                    max_length: 254
                    pattern: "^[^@]+@[^@]+$"
                  - path: amount
                    min: 0.5
                    max: 100
                rate_limits:
                  per_agent_per_hour: 5
                  per_agent_per_day: 50
                environments:
                  production:
                    require_approval: always
                    expiry_minutes: 5
                """);
        Policy p = PolicyParser.parse(file);
        PolicyRules r = p.rules();
        assertEquals("full", p.id());
        assertFalse(p.builtin());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))),
                p.version());
        assertEquals(List.of("crm.import", "crm.update"), r.destinations());
        assertEquals(List.of("csv", "text"), r.allowedTypes(), "types are lower-cased and txt means text");
        assertEquals(List.of("legal action"), r.blockIfTerms().terms());
        assertEquals(RequireApproval.NEVER, r.requireApproval());
        assertEquals(10L, r.autoApproveUnder());
        assertEquals(20L, r.requireApprovalOver());
        assertEquals(45, r.expiryMinutes());
        assertEquals(2, r.fieldChecks().size());
        FieldCheck email = r.fieldChecks().get(0);
        assertEquals("customer.email", email.path());
        assertTrue(email.required());
        assertEquals(254, email.maxLength());
        assertEquals("^[^@]+@[^@]+$", email.pattern().pattern());
        assertEquals(0.5, r.fieldChecks().get(1).min());
        assertEquals(100.0, r.fieldChecks().get(1).max());
        assertEquals(new RateLimits(5L, 50L), r.rateLimits());
        PolicyRules production = p.rulesFor("production");
        assertEquals(RequireApproval.ALWAYS, production.requireApproval());
        assertEquals(5, production.expiryMinutes());
        assertEquals(List.of("crm.import", "crm.update"), production.destinations(), "unset overlay fields inherit");
        assertEquals(r, p.rulesFor("staging"), "an environment without overlay uses the base rules");
    }

    @Test
    void anEmptyPolicyHasNoRules() {
        Policy p = PolicyParser.parse(PolicyFiles.write(dir, "bare.yml", "id: bare\n"));
        assertEquals(PolicyRules.NONE, p.rules());
    }

    /** One broken file each: the problem must name the file, the line and the key an operator has to fix. */
    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("unknown field", "p.yaml", "id: p\ndestinatons: [a]\n", 2, "destinatons", "unknown field"),
                Arguments.of("wrong type", "p.yaml", "id: p\nauto_approve_under: ten\n", 2, "auto_approve_under",
                        "must be an integer"),
                Arguments.of("list expected", "p.yaml", "id: p\ndestinations: crm.import\n", 2, "destinations",
                        "must be a list"),
                Arguments.of("bad regex", "p.yaml",
                        "id: p\nfield_checks:\n  - path: to\n    pattern: \"([a-z\"\n", 4,
                        "field_checks[0].pattern", "does not compile"),
                Arguments.of("backreference RE2 refuses", "p.yaml",
                        "id: p\nfield_checks:\n  - path: to\n    pattern: \"(a)\\\\1\"\n", 4,
                        "field_checks[0].pattern", "does not compile"),
                Arguments.of("negative threshold", "p.yaml", "id: p\nrequire_approval_over: -1\n", 2,
                        "require_approval_over", "must not be negative"),
                Arguments.of("negative rate limit", "p.yaml", "id: p\nrate_limits:\n  per_agent_per_day: -5\n", 3,
                        "rate_limits.per_agent_per_day", "must not be negative"),
                Arguments.of("id differs from file name", "p.yaml", "destinations: [a]\nid: q\n", 2, "id",
                        "must equal the file name"),
                Arguments.of("id missing", "p.yaml", "destinations: [a]\n", 1, "id", "is required"),
                Arguments.of("built-in id", "allow.yaml", "id: allow\n", 1, "id", "built-in"),
                Arguments.of("YAML syntax error", "p.yaml", "id: p\ndestinations: [a, b\nexpiry_minutes: 3\n", 3, "",
                        "YAML syntax error"),
                Arguments.of("duplicate key", "p.yaml", "id: p\nexpiry_minutes: 1\nexpiry_minutes: 2\n", 3,
                        "expiry_minutes", "duplicate key"),
                Arguments.of("require_approval value", "p.yaml", "id: p\nrequire_approval: sometimes\n", 2,
                        "require_approval", "\"always\" or \"never\""),
                Arguments.of("zero expiry", "p.yaml", "id: p\nexpiry_minutes: 0\n", 2, "expiry_minutes",
                        "between 1 and"),
                Arguments.of("unknown field in an overlay", "p.yaml",
                        "id: p\nenvironments:\n  production:\n    id: other\n", 4, "environments.production.id",
                        "unknown field"),
                Arguments.of("overlay of the wrong type", "p.yaml",
                        "id: p\nenvironments:\n  production:\n    expiry_minutes: soon\n", 4,
                        "environments.production.expiry_minutes", "must be an integer"),
                Arguments.of("unknown field in a field check", "p.yaml",
                        "id: p\nfield_checks:\n  - path: to\n    required: true\n    regex: x\n", 5,
                        "field_checks[0].regex", "unknown field"),
                Arguments.of("field check without constraint", "p.yaml", "id: p\nfield_checks:\n  - path: to\n", 3,
                        "field_checks[0].path", "no constraint"),
                Arguments.of("term that can never match", "p.yaml", "id: p\nblock_if_terms:\n  - ok\n  - \"!!!\"\n", 4,
                        "block_if_terms[1]", "can never match"),
                Arguments.of("file name that is not an id", "my policy.yaml", "id: my policy\n", 1, "id",
                        "does not make a policy id"),
                Arguments.of("not a map", "p.yaml", "- id: p\n", 1, "", "must be a map"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void refusesABrokenFileNamingFileLineAndKey(String description, String fileName, String yaml, int line,
                                                String key, String message) {
        Path file = PolicyFiles.write(dir, fileName, yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> PolicyParser.parse(file));
        ConfigProblem p = e.problems().stream().filter(x -> x.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem for key '" + key + "' in " + e.problems()));
        assertEquals(file.toString(), p.source());
        assertEquals(line, p.line(), p.toString());
        assertTrue(p.message().contains(message), p.toString());
    }

    @Test
    void reportsEveryProblemOfAFileAtOnce() {
        Path file = PolicyFiles.write(dir, "many.yaml", """
                id: other
                destinations: [a]
                colour: blue
                auto_approve_under: -3
                field_checks:
                  - path: to
                    pattern: "[unclosed"
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> PolicyParser.parse(file));
        assertEquals(List.of("id", "colour", "auto_approve_under", "field_checks[0].pattern"),
                e.problems().stream().map(ConfigProblem::key).toList());
        assertEquals(List.of(1, 3, 4, 7), e.problems().stream().map(ConfigProblem::line).toList());
        assertTrue(e.getMessage().contains(file + ":3: colour: unknown field"), e.getMessage());
    }

    @Test
    void refusesAFileThatIsNotUtf8() throws Exception {
        Path file = dir.resolve("latin.yaml");
        Files.write(file, "id: latin\nblock_if_terms: [\"caf\u00e9\"]\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> PolicyParser.parse(file));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void anOverlayMayLeaveTheBaseUnchanged() {
        Policy p = PolicyParser.parse(PolicyFiles.write(dir, "env.yaml", """
                id: env
                require_approval: always
                environments:
                  staging: {}
                """));
        assertEquals(RequireApproval.ALWAYS, p.rulesFor("staging").requireApproval());
        assertNull(p.rulesFor("staging").destinations());
    }
}
