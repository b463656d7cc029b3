package dev.tollgate.tasks.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.task.Identity;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.util.Json;
import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.service.Assessment;
import dev.tollgate.tasks.service.Decision;
import dev.tollgate.tasks.service.StepRequest;
import dev.tollgate.tasks.service.TaskContext;
import dev.tollgate.tasks.service.TaskException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelGovernorTest {
    static final TaskContext CTX = new TaskContext("gw-test", "tsk_1", "stp_1", "agt_1", new Identity("u1", "t1", "o1"));

    @TempDir Path tmp;
    ChannelFixture fx;
    ChannelGovernor governor;

    @BeforeEach void setUp() throws Exception {
        fx = new ChannelFixture(tmp);
        governor = new ChannelGovernor(new LocalAccessPolicy(fx.config(true)));
    }

    static StepRequest req(Object... kv) {
        ObjectNode n = Json.object();
        for (int i = 0; i < kv.length; i += 2) n.set((String) kv[i], Json.MAPPER.valueToTree(kv[i + 1]));
        return StepRequest.of(n);
    }

    Assessment shell(String command, String cwd) {
        return governor.assess(cwd == null ? req("op", "shell", "command", command)
                : req("op", "shell", "command", command, "cwd", cwd), CTX);
    }

    @Test void aReadIsAllowedAndBoundToTheCanonicalCwd() {
        Assessment a = shell("ls -la", fx.ro.toString());
        assertEquals(Decision.ALLOW, a.decision());
        assertEquals(RiskTier.SAFE, a.risk());
        assertEquals("ls -la", a.subject().command());
        assertEquals(fx.ro.toString(), a.subject().cwd());
        assertEquals(fx.ro + " (read_only)", a.scope());
        assertTrue(a.policyVersion().startsWith("hg-"), a.policyVersion());
    }

    @Test void withoutCwdTheFirstRootIsUsed() {
        assertEquals(fx.ro.toString(), shell("ls", null).subject().cwd());
    }

    @Test void blockedAndNotAllowedCommandsAreBlockedWithTheClassifiersCode() {
        Assessment sudo = shell("sudo ls", fx.rw.toString());
        assertEquals(Decision.BLOCKED, sudo.decision());
        assertEquals("blocked_command", sudo.reasonCode());
        Assessment curl = shell("curl https://example.com", fx.rw.toString());
        assertEquals(Decision.BLOCKED, curl.decision());
        assertEquals("not_allowed_command", curl.reasonCode());
    }

    @Test void destructiveNeedsApprovalAndCostsAShell() {
        Assessment a = shell("rm notes.txt", fx.rw.toString());
        assertEquals(Decision.APPROVAL_REQUIRED, a.decision());
        assertEquals(RiskTier.DESTRUCTIVE, a.risk());
        assertTrue(a.needsApproval());
        assertEquals(10, a.cost());
    }

    @Test void aWriteInAReadOnlyRootIsBlocked() {
        Assessment a = shell("rm readme.txt", fx.ro.toString());
        assertEquals(Decision.BLOCKED, a.decision());
        assertEquals("root_read_only", a.reasonCode());
    }

    @Test void cwdOutsideARootRelativeOrMissingIsBlocked() throws Exception {
        assertEquals("outside_root", shell("ls", tmp.toRealPath().toString()).reasonCode());
        assertEquals("outside_root", shell("ls", fx.rw + "-evil").reasonCode());
        assertEquals("invalid_path", shell("ls", "rw").reasonCode());
        assertEquals("invalid_path", shell("ls", fx.rw + "/../ro").reasonCode());
        assertEquals("not_found", shell("ls", fx.rw + "/nope").reasonCode());
        assertEquals("invalid_cwd", shell("ls", fx.rw + "/notes.txt").reasonCode());
        Files.createDirectories(fx.ro.resolve("secrets"));
        assertEquals("excluded", shell("ls", fx.ro + "/secrets").reasonCode());
    }

    @Test void aSymlinkedCwdIsBoundToItsRealPath() throws Exception {
        Files.createDirectories(fx.rw.resolve("real"));
        Files.createSymbolicLink(fx.rw.resolve("link"), fx.rw.resolve("real"));
        assertEquals(fx.rw.resolve("real").toString(), shell("ls", fx.rw + "/link").subject().cwd());
        Files.createSymbolicLink(fx.rw.resolve("out"), tmp.toRealPath());
        assertEquals(Decision.BLOCKED, shell("ls", fx.rw + "/out").decision());
    }

    @Test void disabledBlocksEveryStep() {
        ChannelGovernor off = new ChannelGovernor(new LocalAccessPolicy(fx.config(false)));
        for (StepRequest r : new StepRequest[] {req("op", "shell", "command", "ls"),
                req("op", "read_file_chunk", "path", fx.ro + "/readme.txt"),
                req("op", "write_file", "path", fx.rw + "/x", "content", "x")}) {
            Assessment a = off.assess(r, CTX);
            assertEquals(Decision.BLOCKED, a.decision(), r.op());
            assertEquals("local_access_disabled", a.reasonCode(), r.op());
        }
    }

    @Test void requestsOfTheWrongShapeAreInvalidNotBlocked() {
        TaskException e = assertThrows(TaskException.class, () -> governor.assess(req("op", "format_disk"), CTX));
        assertEquals("invalid_request", e.code());
        assertEquals("op", e.field());
        assertEquals("command", assertThrows(TaskException.class,
                () -> governor.assess(req("op", "shell"), CTX)).field());
        assertEquals("command", assertThrows(TaskException.class,
                () -> governor.assess(req("op", "shell", "command", 5), CTX)).field());
        assertEquals("env", assertThrows(TaskException.class,
                () -> governor.assess(req("op", "shell", "command", "ls", "env", "X=1"), CTX)).field());
        assertEquals("timeout_seconds", assertThrows(TaskException.class,
                () -> governor.assess(req("op", "shell", "command", "ls", "timeout_seconds", 21), CTX)).field());
        assertEquals("timeout_seconds", assertThrows(TaskException.class,
                () -> governor.assess(req("op", "shell", "command", "ls", "timeout_seconds", 1.5), CTX)).field());
        assertEquals("path", assertThrows(TaskException.class,
                () -> governor.assess(req("op", "read_file_chunk"), CTX)).field());
        assertEquals("content", assertThrows(TaskException.class,
                () -> governor.assess(req("op", "write_file", "path", "x"), CTX)).field());
        assertEquals("content_base64", assertThrows(TaskException.class,
                () -> governor.assess(req("op", "write_file", "path", "x", "content_base64", "!!"), CTX)).field());
        assertEquals("pattern", assertThrows(TaskException.class,
                () -> governor.assess(req("op", "search_files", "path", "x", "pattern", "(", "regex", true), CTX)).field());
        assertEquals("command", assertThrows(TaskException.class,
                () -> governor.assess(req("op", "shell", "command", "x".repeat(70_000)), CTX)).field());
    }

    @Test void fileReadsAreSafeAndExcludedOrOutsidePathsBlocked() {
        Assessment read = governor.assess(req("op", "read_file_chunk", "path", "readme.txt", "length", 10), CTX);
        assertEquals(Decision.ALLOW, read.decision());
        assertEquals(fx.ro.resolve("readme.txt").toString(), read.subject().path());
        assertNull(read.subject().contentHash());
        assertEquals("excluded", governor.assess(req("op", "read_file_chunk", "path", fx.ro + "/.env"), CTX).reasonCode());
        assertEquals("outside_root", governor.assess(req("op", "read_file_summary", "path", "/etc/passwd"), CTX).reasonCode());
        assertEquals("invalid_path", governor.assess(req("op", "list_files", "path", "../x"), CTX).reasonCode());
        assertEquals("not_found", governor.assess(req("op", "read_file_summary", "path", "nope.txt"), CTX).reasonCode());
        assertEquals("too_large", governor.assess(req("op", "read_file_chunk", "path", "readme.txt", "length", 5000), CTX)
                .reasonCode());
    }

    @Test void writesFollowTheRootModeAndOverwriteNeedsApproval() {
        Assessment ro = governor.assess(req("op", "write_file", "path", fx.ro + "/new.txt", "content", "x"), CTX);
        assertEquals("read_only", ro.reasonCode());
        Assessment create = governor.assess(req("op", "write_file", "path", fx.rw + "/new.txt", "content", "abc"), CTX);
        assertEquals(Decision.ALLOW, create.decision());
        assertEquals(RiskTier.MODERATE, create.risk());
        assertEquals(Hashing.sha256Hex("abc".getBytes(StandardCharsets.UTF_8)), create.subject().contentHash());
        assertEquals(2, create.cost());
        Assessment exists = governor.assess(req("op", "write_file", "path", fx.rw + "/notes.txt", "content", "x"), CTX);
        assertEquals(Decision.BLOCKED, exists.decision());
        assertEquals("already_exists", exists.reasonCode());
        Assessment overwrite = governor.assess(req("op", "write_file", "path", "notes.txt", "cwd", fx.rw.toString(),
                "content_base64", Base64.getEncoder().encodeToString(new byte[] {1, 2}), "overwrite", true), CTX);
        assertEquals(Decision.APPROVAL_REQUIRED, overwrite.decision());
        assertEquals(RiskTier.DESTRUCTIVE, overwrite.risk());
        assertEquals(Hashing.sha256Hex(new byte[] {1, 2}), overwrite.subject().contentHash());
        Assessment delete = governor.assess(req("op", "delete_file", "path", fx.rw + "/notes.txt"), CTX);
        assertEquals(Decision.APPROVAL_REQUIRED, delete.decision());
        Assessment big = governor.assess(req("op", "write_file", "path", fx.rw + "/big", "content", "x".repeat(5000)), CTX);
        assertEquals("too_large", big.reasonCode());
    }

    @Test void readsCostPerStartedMibAtLeastOne() {
        ChannelGovernor g = new ChannelGovernor(new LocalAccessPolicy(ChannelFixture.parse(fx.yaml(true, null, null,
                "  wallets: {enabled: true, costs: {shell: 7, file_read_per_mib: 3, file_write: 4, search_files: 5}}"))));
        assertEquals(3, g.cost(dev.tollgate.tasks.files.FileOp.READ_FILE_CHUNK, 0));
        assertEquals(3, g.cost(dev.tollgate.tasks.files.FileOp.READ_FILE_CHUNK, 1));
        assertEquals(3, g.cost(dev.tollgate.tasks.files.FileOp.READ_FILE_CHUNK, 1 << 20));
        assertEquals(6, g.cost(dev.tollgate.tasks.files.FileOp.READ_FILE_CHUNK, (1 << 20) + 1));
        assertEquals(5, g.cost(dev.tollgate.tasks.files.FileOp.SEARCH_FILES, 0));
        assertEquals(4, g.cost(dev.tollgate.tasks.files.FileOp.DELETE_FILE, 0));
        assertEquals(7, g.assess(req("op", "shell", "command", "ls"), CTX).cost());
    }

    @Test void anyConfigurationChangeGivesAnotherPolicyVersion() {
        String base = PolicyVersion.of(fx.config(true));
        assertEquals(base, PolicyVersion.of(fx.config(true)));
        assertNotEquals(base, PolicyVersion.of(fx.config(false)));
        assertNotEquals(base, PolicyVersion.of(ChannelFixture.parse(fx.yaml(true, null, null,
                "  wallets: {enabled: true}"))));
        assertNotEquals(base, PolicyVersion.of(ChannelFixture.parse(fx.yaml(true, null, null, null)
                .replace("blocked_commands: [sudo]", "blocked_commands: [sudo, doas]"))));
    }
}
