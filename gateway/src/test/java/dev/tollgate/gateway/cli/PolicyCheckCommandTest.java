package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCheckCommandTest {
    @TempDir Path cwd;
    private final List<Path> checked = new ArrayList<>();

    private CliRun check(PolicyChecker checker, Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "policy";
        all[1] = "check";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(env, cwd, Plugins.of(Map.of(PolicyChecker.class, (PolicyChecker) dir -> {
            checked.add(dir);
            return checker.check(dir);
        })), all);
    }

    @Test void validDirectoryPrintsTheCount() throws IOException {
        Files.createDirectories(cwd.resolve("pols"));
        CliRun r = check(dir -> new PolicyCheckResult(3, List.of()), Map.of(), "pols");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("OK: 3 policies\n", r.out());
        assertEquals(List.of(cwd.resolve("pols")), checked);
    }

    @Test void problemsAreListedOnePerLineAndExit1() throws IOException {
        Files.createDirectories(cwd.resolve("pols"));
        CliRun r = check(dir -> new PolicyCheckResult(1, List.of(
                new ConfigProblem("pols/a.yaml", 2, "id", "must equal the file name (a)"),
                new ConfigProblem("pols/b.yaml", 7, "field_checks[0].pattern", "regex does not compile"))),
                Map.of(), "pols");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals(List.of("pols/a.yaml:2: id: must equal the file name (a)",
                "pols/b.yaml:7: field_checks[0].pattern: regex does not compile"), r.err().lines().toList());
    }

    @Test void aCheckerThatThrowsTheProblemsIsReportedTheSameWay() throws IOException {
        Files.createDirectories(cwd.resolve("pols"));
        CliRun r = check(dir -> {
            throw new ConfigException(new ConfigProblem("pols/a.yaml", 1, "", "YAML syntax error: x"));
        }, Map.of(), "pols");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("pols/a.yaml:1: YAML syntax error: x\n", r.err());
    }

    @Test void defaultDirectoryComesFromTheSettings() throws IOException {
        Path dir = Files.createDirectories(cwd.resolve("elsewhere"));
        CliRun r = check(d -> new PolicyCheckResult(1, List.of()), Map.of("TOLLGATE_POLICY_DIR", "elsewhere"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("OK: 1 policy\n", r.out());
        assertEquals(List.of(dir), checked);
    }

    @Test void missingDirectoryIsAProblem() {
        CliRun r = check(d -> new PolicyCheckResult(0, List.of()), Map.of(), "nope");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(cwd.resolve("nope") + ": not a directory\n", r.err());
        assertEquals(List.of(), checked);
    }

    /** Without a plugged-in checker, the policy engine's own registry does the check. */
    @Test void theBuiltInCheckerUsesThePolicyRegistry() throws IOException {
        Path dir = Files.createDirectories(cwd.resolve("pols"));
        Files.writeString(dir.resolve("ok.yaml"), "id: ok\nrequire_approval: never\n");
        CliRun good = CliRun.run(cwd, "policy", "check", "pols");
        assertEquals(0, good.exit(), good.toString());
        assertEquals("OK: 1 policy\n", good.out());

        Files.writeString(dir.resolve("bad.yaml"), "id: bad\nrequire_approval: never\ncolour: blue\n");
        CliRun bad = CliRun.run(cwd, "policy", "check", "pols");
        assertEquals(1, bad.exit(), bad.toString());
        assertEquals("", bad.out());
        String line = bad.err().lines().findFirst().orElse("");
        assertTrue(line.startsWith(dir.resolve("bad.yaml") + ":3: colour: "), bad.err());
    }

    @Test void aYamlSyntaxErrorIsNamedWithFileAndLine() throws IOException {
        Path dir = Files.createDirectories(cwd.resolve("pols"));
        Files.writeString(dir.resolve("broken.yaml"), "id: broken\nblock_if_terms: [unclosed\nexpiry_minutes: 5\n");
        CliRun r = CliRun.run(cwd, "policy", "check", "pols");
        assertEquals(1, r.exit(), r.toString());
        String line = r.err().lines().findFirst().orElse("");
        assertTrue(line.matches(java.util.regex.Pattern.quote(dir.resolve("broken.yaml").toString()) + ":[0-9]+: YAML syntax error: .*"),
                r.err());
    }

    @Test void theRepositoryPoliciesPass() {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        CliRun r = CliRun.run(repo, "policy", "check");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("OK: "), r.out());
        assertEquals("", r.err(), "a check prints its summary only");
    }
}
