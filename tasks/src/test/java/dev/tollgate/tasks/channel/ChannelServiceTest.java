package dev.tollgate.tasks.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.store.sqlite.SqliteStore;
import dev.tollgate.engine.task.Identity;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.util.Json;
import dev.tollgate.tasks.config.HostedGatewayConfig;
import dev.tollgate.tasks.service.StepRequest;
import dev.tollgate.tasks.service.TaskListener;
import dev.tollgate.tasks.service.TaskService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real governor and performer under the real service and store: commands and file operations really run. */
class ChannelServiceTest {
    @TempDir Path tmp;
    ChannelFixture fx;
    SqliteStore store;
    TaskChannel channel;
    TaskService tasks;
    final ExecutorService compute = Executors.newCachedThreadPool();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach void setUp() throws Exception {
        fx = new ChannelFixture(Files.createDirectories(tmp.resolve("roots")));
        store = SqliteStore.open(Files.createDirectories(tmp.resolve("data")).resolve("tollgate.db"),
                new AuditChain(AuditKey.of(new byte[32])));
        open(fx.config(true));
    }

    void open(HostedGatewayConfig config) {
        if (channel != null) channel.close();
        channel = TaskChannel.create(config, 4);
        tasks = new TaskService(store, channel.governor(), channel.performer(), channel.settings(),
                Clock.tickMillis(java.time.ZoneOffset.UTC), compute, timer, TaskListener.NONE);
    }

    @AfterEach void tearDown() {
        channel.close();
        store.close();
        compute.shutdownNow();
        timer.shutdownNow();
    }

    static <T> T get(CompletableFuture<T> f) throws Exception { return f.get(30, TimeUnit.SECONDS); }

    Task dispatch() throws Exception {
        return get(tasks.dispatch("agt_1", new Identity("u1", "t1", "o1"), null, null, null));
    }

    Step step(Task t, Object... kv) throws Exception {
        ObjectNode n = Json.object();
        for (int i = 0; i < kv.length; i += 2) n.set((String) kv[i], Json.MAPPER.valueToTree(kv[i + 1]));
        return get(tasks.requestStep("agt_1", t.id(), StepRequest.of(n)));
    }

    @Test void anAllowedCommandRunsInTheCwdWithOnlyTheConfiguredEnvironment() throws Exception {
        Task t = dispatch();
        Step s = step(t, "op", "shell", "command", "echo hi && printenv", "cwd", fx.rw.toString());
        assertEquals(StepStatus.COMPLETED, s.status(), s.toString());
        JsonNode r = s.result();
        assertEquals(0, r.get("exit_code").asInt());
        String out = r.get("stdout").asText();
        assertTrue(out.startsWith("hi\n"), out);
        assertTrue(out.contains("MARKER=from-config"), out);
        assertFalse(out.contains("HOME="), out);
        assertFalse(out.contains("JAVA_HOME"), out);
        Step failing = step(t, "op", "shell", "command", "ls nope-nope");
        assertEquals(StepStatus.COMPLETED, failing.status(), "a non-zero exit is still completed");
        assertTrue(failing.result().get("exit_code").asInt() != 0);
    }

    @Test void aTimeoutFailsTheStep() throws Exception {
        Step s = step(dispatch(), "op", "shell", "command", "sleep 10", "timeout_seconds", 1);
        assertEquals(StepStatus.FAILED, s.status());
        assertTrue(s.result().get("timed_out").asBoolean());
    }

    @Test void anApprovedDestructiveCommandRunsOnce() throws Exception {
        Task t = dispatch();
        Step s = step(t, "op", "shell", "command", "rm notes.txt", "cwd", fx.rw.toString());
        assertEquals(StepStatus.PENDING_APPROVAL, s.status());
        assertTrue(Files.exists(fx.rw.resolve("notes.txt")));
        PendingAction a = get(tasks.getAction(s.actionId(), Optional.empty()));
        Step ran = get(get(tasks.approve(a.id(), "reviewer:ann", a.commandDigest())).execution());
        assertEquals(StepStatus.COMPLETED, ran.status());
        assertFalse(Files.exists(fx.rw.resolve("notes.txt")));
    }

    @Test void fileOperationsRunAndAreAudited() throws Exception {
        Task t = dispatch();
        Step read = step(t, "op", "read_file_chunk", "path", "readme.txt", "offset", 6, "length", 100);
        assertEquals(StepStatus.COMPLETED, read.status(), read.toString());
        assertEquals("world\n", read.result().get("text").asText());
        Step list = step(t, "op", "list_files", "path", fx.ro.toString());
        assertEquals(StepStatus.COMPLETED, list.status());
        assertFalse(list.result().toString().contains(".env"), list.result().toString());
        Step write = step(t, "op", "write_file", "path", "made.txt", "cwd", fx.rw.toString(), "content", "new");
        assertEquals(StepStatus.COMPLETED, write.status(), write.toString());
        assertEquals("new", Files.readString(fx.rw.resolve("made.txt")));
        Step blocked = step(t, "op", "write_file", "path", fx.ro + "/x.txt", "content", "x");
        assertEquals(StepStatus.BLOCKED, blocked.status());
        assertEquals("read_only", blocked.reasonCode());
        List<AuditEvent> events = get(tasks.audit(t.id(), Optional.empty()));
        List<AuditEvent> fileOps = events.stream().filter(e -> e.eventType().equals("file_operation")).toList();
        assertEquals(4, fileOps.size(), fileOps.toString());
        assertEquals(fx.rw.resolve("made.txt").toString(), fileOps.get(2).metadata().get("path").asText());
        assertEquals(3, fileOps.get(2).metadata().get("bytes").asLong());
        assertFalse(events.toString().contains("world"), "output is never audited");
    }

    @Test void aConfigurationChangeRefusesAPendingApproval() throws Exception {
        Task t = dispatch();
        Step s = step(t, "op", "shell", "command", "rm notes.txt", "cwd", fx.rw.toString());
        PendingAction a = get(tasks.getAction(s.actionId(), Optional.empty()));
        open(ChannelFixture.parse(fx.yaml(true, null, null, null).replace("blocked_commands: [sudo]",
                "blocked_commands: [sudo, doas]")));
        Step after = get(get(tasks.approve(a.id(), "reviewer:ann", a.commandDigest())).execution());
        assertEquals(StepStatus.BLOCKED, after.status());
        assertEquals("digest_mismatch", after.reasonCode());
        assertTrue(Files.exists(fx.rw.resolve("notes.txt")));
    }

    @Test void anOverwriteIsApprovedForTheContentReviewed() throws Exception {
        Task t = dispatch();
        Step s = step(t, "op", "write_file", "path", fx.rw + "/notes.txt", "content", "replaced", "overwrite", true);
        assertEquals(StepStatus.PENDING_APPROVAL, s.status());
        PendingAction a = get(tasks.getAction(s.actionId(), Optional.empty()));
        assertEquals("destructive", a.riskLevel());
        Step ran = get(get(tasks.approve(a.id(), "admin", a.commandDigest())).execution());
        assertEquals(StepStatus.COMPLETED, ran.status(), ran.toString());
        assertEquals("replaced", Files.readString(fx.rw.resolve("notes.txt")));
        assertTrue(Duration.between(a.createdAt(), a.expiresAt()).toSeconds() == 300);
    }
}
