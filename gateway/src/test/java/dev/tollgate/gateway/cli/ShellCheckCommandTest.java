package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tollgate shell check} and {@code tollgate files check}: offline, nothing run or opened. */
class ShellCheckCommandTest {
    @TempDir Path tmp;
    Path ro;
    Path rw;
    Path yaml;

    @BeforeEach void setUp() throws Exception {
        Path base = tmp.toRealPath();
        ro = Files.createDirectories(base.resolve("ro"));
        rw = Files.createDirectories(base.resolve("rw"));
        Files.writeString(ro.resolve("readme.txt"), "hi\n");
        Files.writeString(ro.resolve(".env"), "S=1\n");
        yaml = Files.writeString(base.resolve("gw.yaml"), """
                hosted_gateway:
                  local_access:
                    enabled: true
                    allowed_roots: [{path: %s, mode: read_only}, {path: %s, mode: read_write}]
                    exclude_globs: ["**/.env"]
                    allowed_commands: [ls, rm, git, cat]
                    blocked_commands: [sudo]
                """.formatted(ro, rw));
    }

    CliRun run(String... args) { return CliRun.run(Map.of(), tmp, Plugins.of(Map.of()), args); }

    static JsonNode json(CliRun r) { return Json.parse(r.out()).orElseThrow(() -> new AssertionError(r.toString())); }

    @Test void anAllowedCommandPrintsTheVerdictAndExits0() {
        CliRun r = run("shell", "check", "--gateway-config", yaml.toString(), "--cwd", rw.toString(), "ls -la && git status");
        assertEquals(0, r.exit(), r.toString());
        JsonNode v = json(r);
        assertEquals("allow", v.path("decision").asText());
        assertEquals("safe", v.path("risk_level").asText());
        assertEquals("ls", v.path("commands").get(0).get(0).asText());
        assertEquals("git", v.path("commands").get(1).get(0).asText());
        assertTrue(v.path("reasons").isArray());
    }

    @Test void approvalAndBlocksExit1WithTheirCodes() throws Exception {
        Files.writeString(rw.resolve("victim"), "x");
        CliRun rm = run("shell", "check", "--gateway-config", yaml.toString(), "--cwd", "ro/../rw", "rm victim");
        assertEquals(1, rm.exit(), rm.toString());
        assertEquals("approval_required", json(rm).path("decision").asText());
        assertEquals("destructive", json(rm).path("risk_level").asText());
        assertTrue(Files.exists(rw.resolve("victim")), "nothing runs");
        CliRun sudo = run("shell", "check", "--gateway-config", yaml.toString(), "sudo ls");
        assertEquals(1, sudo.exit());
        assertEquals("blocked", json(sudo).path("decision").asText());
        assertEquals("blocked_command", json(sudo).path("reason_code").asText());
        CliRun ro = run("shell", "check", "--gateway-config", yaml.toString(), "--cwd", this.ro.toString(), "rm readme.txt");
        assertEquals("root_read_only", json(ro).path("reason_code").asText(), ro.toString());
        CliRun outside = run("shell", "check", "--gateway-config", yaml.toString(), "--cwd", "/", "ls");
        assertEquals("outside_root", json(outside).path("reason_code").asText(), outside.toString());
    }

    @Test void withoutAGatewayFileLocalAccessIsOff() {
        CliRun r = run("shell", "check", "ls");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("local_access_disabled", json(r).path("reason_code").asText());
    }

    @Test void aMissingOrBadFileIsAConfigurationErrorExit2() throws Exception {
        CliRun missing = run("shell", "check", "--gateway-config", "nope.yaml", "ls");
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("nope.yaml"), missing.err());
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "hosted_gateway:\n  shel: {}\n");
        CliRun r = run("files", "check", "--gateway-config", bad.toString(), "--op", "list_files", "/");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(bad + ":2: hosted_gateway.shel"), r.err());
    }

    @Test void filesCheckPrintsTheDecisionAndCanonicalPath() throws Exception {
        CliRun ok = run("files", "check", "--gateway-config", yaml.toString(), "--op", "read_file_chunk", ro + "/readme.txt");
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("allowed", json(ok).path("decision").asText());
        assertEquals(ro.resolve("readme.txt").toString(), json(ok).path("path").asText());
        assertTrue(json(ok).path("reason_code").isMissingNode());

        CliRun relative = run("files", "check", "--gateway-config", yaml.toString(), "--op", "read_file_summary", "readme.txt");
        assertEquals(ro.resolve("readme.txt").toString(), json(relative).path("path").asText(), "relative to the first root");

        CliRun env = run("files", "check", "--gateway-config", yaml.toString(), "--op", "read_file_chunk", ro + "/.env");
        assertEquals(1, env.exit());
        assertEquals("denied", json(env).path("decision").asText());
        assertEquals("excluded", json(env).path("reason_code").asText());

        assertEquals("read_only", json(run("files", "check", "--gateway-config", yaml.toString(), "--op", "write_file",
                ro + "/new.txt")).path("reason_code").asText());
        assertEquals("allowed", json(run("files", "check", "--gateway-config", yaml.toString(), "--op", "write_file",
                rw + "/new.txt")).path("decision").asText());
        assertTrue(Files.notExists(rw.resolve("new.txt")), "nothing is created");
        assertEquals("not_found", json(run("files", "check", "--gateway-config", yaml.toString(), "--op", "read_file_chunk",
                rw + "/new.txt")).path("reason_code").asText());
        assertEquals("outside_root", json(run("files", "check", "--gateway-config", yaml.toString(), "--op", "list_files",
                "/etc")).path("reason_code").asText());
        assertEquals("invalid_path", json(run("files", "check", "--gateway-config", yaml.toString(), "--op", "list_files",
                ro + "/../rw")).path("reason_code").asText());

        CliRun badOp = run("files", "check", "--gateway-config", yaml.toString(), "--op", "chmod", "x");
        assertEquals(2, badOp.exit(), badOp.toString());
        assertTrue(badOp.err().contains("unknown file operation"), badOp.err());
    }
}
