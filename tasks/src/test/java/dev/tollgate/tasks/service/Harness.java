package dev.tollgate.tasks.service;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.store.sqlite.SqliteStore;
import dev.tollgate.engine.task.Identity;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.util.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real SQLite store in a temp dir, fake governor and performer, a clock tests move. */
abstract class Harness {
    static final String GW = "gw-test";
    static final String AGENT = "agt_a";
    static final String OTHER = "agt_b";
    static final String REVIEWER = "reviewer:ann";
    static final Identity WHO = new Identity("u1", "t1", "o1");
    static final Duration TIMEOUT = Duration.ofSeconds(300);

    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-01T10:00:00Z");

        void advance(Duration d) { now = now.plus(d); }

        @Override public Instant instant() { return now; }
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    }

    /** Records what listeners were told, in order. */
    static final class RecordingListener implements TaskListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override public void onActionCreated(PendingAction a) { events.add("created:" + a.id()); }
        @Override public void onActionDecided(PendingAction a) { events.add(a.status().wire() + ":" + a.id()); }
    }

    @TempDir Path dir;
    final MovableClock clock = new MovableClock();
    final FakeGovernor governor = new FakeGovernor();
    final FakePerformer performer = new FakePerformer();
    final RecordingListener listener = new RecordingListener();
    final ExecutorService compute = Executors.newCachedThreadPool();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    boolean walletsEnabled;
    SqliteStore store;
    TaskService tasks;

    @BeforeEach void open() { reopen(); }

    @AfterEach void close() {
        store.close();
        compute.shutdownNow();
        timer.shutdownNow();
    }

    /** Opens the store (again, after a close: a restart) and a new service on it. */
    void reopen() {
        store = SqliteStore.open(dir.resolve("tollgate.db"), new AuditChain(AuditKey.of(new byte[32])));
        tasks = new TaskService(store, governor, performer, new TaskSettings(GW, TIMEOUT, walletsEnabled), clock,
                compute, timer, listener);
    }

    void restart() {
        store.close();
        reopen();
    }

    static <T> T get(CompletableFuture<T> f) throws Exception { return f.get(20, TimeUnit.SECONDS); }

    static TaskException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        return assertInstanceOf(TaskException.class, e.getCause());
    }

    Task dispatch() throws Exception {
        return get(tasks.dispatch(AGENT, WHO, Json.object().put("tool", "shell"), Json.object().put("scope", "org"),
                Json.object().put("purpose", "test")));
    }

    static StepRequest shell(String command) {
        ObjectNode body = Json.object().put("op", "shell").put("command", command).put("cwd", "/srv/p");
        return StepRequest.of(body);
    }

    Step step(Task task, String command) throws Exception { return get(tasks.requestStep(AGENT, task.id(), shell(command))); }

    PendingAction action(String id) throws Exception { return get(tasks.getAction(id, Optional.empty())); }

    Step reload(Step s) throws Exception { return get(tasks.getStep(s.taskId(), s.id(), Optional.empty())); }

    List<AuditEvent> audit(Task t) throws Exception { return get(tasks.audit(t.id(), Optional.empty())); }

    List<String> types(Task t) throws Exception { return audit(t).stream().map(AuditEvent::eventType).toList(); }
}
