package dev.tollgate.tasks.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CommandRunnerTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");

    @TempDir Path dir;
    private CommandRunner runner;

    @BeforeEach void start() { runner = new CommandRunner(4); }
    @AfterEach void stop() { runner.close(); }

    private CommandResult run(String command) throws Exception {
        return run(command, Duration.ofSeconds(20), 65536);
    }

    private CommandResult run(String command, Duration timeout, int cap) throws Exception {
        return runner.run(new CommandSpec(command, dir, ENV, timeout, cap)).get(45, TimeUnit.SECONDS);
    }

    @Test void exitCodesAreReportedAndAnyExitIsCompleted() throws Exception {
        CommandResult ok = run("echo hello");
        assertEquals(0, ok.exitCode());
        assertEquals("hello\n", ok.stdout());
        assertTrue(ok.completed());
        CommandResult three = run("echo oops >&2; exit 3");
        assertEquals(3, three.exitCode());
        assertEquals("oops\n", three.stderr());
        assertTrue(three.completed(), "a non-zero exit is still a completed step");
        assertFalse(three.timedOut());
    }

    @Test void environmentIsExactlyTheConfiguredMap() throws Exception {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "TG_MARKER", "x y");
        CommandResult r = runner.run(new CommandSpec("env", dir, env, Duration.ofSeconds(20), 65536)).get();
        Map<String, String> seen = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) seen.put(line.substring(0, eq), line.substring(eq + 1));
        }
        // What bash itself exports into its children.
        seen.keySet().removeAll(List.of("PWD", "SHLVL", "_", "OLDPWD"));
        assertEquals(env, seen);
        assertFalse(System.getenv().isEmpty(), "the JVM has an environment to leak");
        for (String jvmVar : System.getenv().keySet()) {
            if (!env.containsKey(jvmVar)) assertFalse(seen.containsKey(jvmVar), jvmVar + " leaked");
        }
    }

    @Test void stdinIsAtEndOfFile() throws Exception {
        CommandResult r = run("cat; echo done", Duration.ofSeconds(10), 65536);
        assertTrue(r.completed());
        assertEquals("done\n", r.stdout());
        assertTrue(r.durationMs() < 5000, "cat should see EOF at once, took " + r.durationMs());
    }

    @Test void cwdIsHonoured() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub dir"));
        CommandResult r = runner.run(new CommandSpec("pwd -P", sub, ENV, Duration.ofSeconds(20), 65536)).get();
        assertEquals(sub.toRealPath() + "\n", r.stdout());
    }

    @Test void timeoutKillsChildrenAndGrandchildren() throws Exception {
        String cmd = "sleep 300 & echo $! > child.pid;"
                + " bash -c 'sleep 301 & echo $! > grandchild.pid; wait' &"
                + " setsid sleep 302 & echo $! > detached.pid;" // left the group: only the descendants walk finds it
                + " echo started; sleep 303";
        long t0 = System.nanoTime();
        CommandResult r = run(cmd, Duration.ofSeconds(1), 65536);
        assertTrue(r.timedOut());
        assertNull(r.exitCode());
        assertFalse(r.completed());
        assertEquals("started\n", r.stdout(), "output up to the kill is kept");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 10_000, "runner returned promptly");
        for (String f : List.of("child.pid", "grandchild.pid", "detached.pid")) assertGone(readPid(f), f);
        assertTrue(r.toJson().get("timed_out").asBoolean());
        assertTrue(r.toJson().get("exit_code").isNull());
    }

    @Test void backgroundChildDoesNotOutliveTheStepNorHangTheRunner() throws Exception {
        long t0 = System.nanoTime();
        // The background sleep inherits stdout: without the group kill the drain would wait 300 s.
        CommandResult r = run("sleep 300 & echo $! > bg.pid; echo main done", Duration.ofSeconds(30), 65536);
        assertEquals(0, r.exitCode());
        assertTrue(r.completed());
        assertEquals("main done\n", r.stdout());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 10_000, "runner did not wait for the child");
        assertGone(readPid("bg.pid"), "background child");
    }

    @Test void withoutSetsidTheDrainIsStillBounded() throws Exception {
        try (CommandRunner plain = new CommandRunner(1, CommandRunner.DEFAULT_SHELL, null)) {
            long t0 = System.nanoTime();
            CommandResult r = plain.run(new CommandSpec("sleep 30 & echo $! > bg.pid; echo hi", dir, ENV,
                    Duration.ofSeconds(20), 65536)).get();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(0, r.exitCode());
            assertEquals("hi\n", r.stdout());
            assertTrue(ms < CommandRunner.DRAIN_GRACE.toMillis() + 5000, "bounded drain, took " + ms);
            ProcessHandle.of(readPid("bg.pid")).ifPresent(ProcessHandle::destroyForcibly); // clean up after ourselves
        }
    }

    @Test void outputIsCappedPerStreamAndCounted() throws Exception {
        CommandResult r = run("head -c 200000 /dev/zero | tr '\\0' a; head -c 300000 /dev/zero | tr '\\0' b >&2",
                Duration.ofSeconds(20), 65536);
        assertTrue(r.completed());
        assertTrue(r.stdoutTruncated());
        assertTrue(r.stderrTruncated());
        assertEquals(65536, r.stdout().length());
        assertEquals(65536, r.stderr().length());
        assertEquals("a".repeat(65536), r.stdout());
        assertEquals(200000, r.stdoutBytes());
        assertEquals(300000, r.stderrBytes());
        assertTrue(r.toJson().get("stdout_truncated").asBoolean());
    }

    @Test void outputUnderTheCapIsNotFlagged() throws Exception {
        CommandResult r = run("printf abc", Duration.ofSeconds(20), 3);
        assertEquals("abc", r.stdout());
        assertFalse(r.stdoutTruncated());
        assertEquals(3, r.stdoutBytes());
    }

    @Test void cutDoesNotSplitAMultibyteCharacter() throws Exception {
        // a é é = 61 C3A9 C3A9: a cap of 4 falls inside the second é.
        CommandResult r = run("printf 'a\\xc3\\xa9\\xc3\\xa9'", Duration.ofSeconds(20), 4);
        assertEquals("a\u00e9", r.stdout());
        assertTrue(r.stdoutTruncated());
        assertEquals(5, r.stdoutBytes());
        // A 4-byte character cut after its second byte.
        CommandResult emoji = run("printf 'xy\\xf0\\x9f\\x98\\x80'", Duration.ofSeconds(20), 4);
        assertEquals("xy", emoji.stdout());
    }

    @Test void invalidUtf8IsReplacedNotFatal() throws Exception {
        CommandResult r = run("printf 'a\\xffb'");
        assertEquals("a\uFFFDb", r.stdout());
    }

    @Test void missingCwdIsAStartError() throws Exception {
        CommandResult r = runner.run(new CommandSpec("true", dir.resolve("nope"), ENV, Duration.ofSeconds(5), 100)).get();
        assertNull(r.exitCode());
        assertNotNull(r.startError());
        assertTrue(r.startError().contains("nope"), r.startError());
        assertFalse(r.completed());
        assertEquals(r.startError(), r.toJson().get("error").asText());
        assertTrue(r.toJson().get("exit_code").isNull());
    }

    @Test void missingShellIsAStartError() throws Exception {
        try (CommandRunner broken = new CommandRunner(1, Path.of("/nonexistent/bash"), ProcessTree.findSetsid())) {
            CommandResult r = broken.run(new CommandSpec("true", dir, ENV, Duration.ofSeconds(5), 100)).get();
            assertNull(r.exitCode());
            assertTrue(r.startError().contains("/nonexistent/bash"), r.startError());
        }
    }

    @Test void concurrencyIsBounded() throws Exception {
        try (CommandRunner two = new CommandRunner(2)) {
            long t0 = System.nanoTime();
            List<CompletableFuture<CommandResult>> fs = new java.util.ArrayList<>();
            // Each run records how many siblings were running when it started.
            String cmd = "touch running.$$; ls running.* | wc -l >> counts; sleep 0.6; rm running.$$";
            for (int i = 0; i < 6; i++) fs.add(two.run(new CommandSpec(cmd, dir, ENV, Duration.ofSeconds(20), 1000)));
            for (CompletableFuture<CommandResult> f : fs) assertTrue(f.get().completed());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 1700, "6 runs of 0.6 s, 2 at a time, took only " + ms + " ms");
            for (String c : Files.readAllLines(dir.resolve("counts"))) {
                assertTrue(Integer.parseInt(c.trim()) <= 2, "more than 2 ran at once: " + c);
            }
        }
    }

    @Test void closeKillsRunningCommandsAndRefusesNewOnes() throws Exception {
        CommandRunner r = new CommandRunner(1);
        CompletableFuture<CommandResult> running = r.run(new CommandSpec("echo $$ > main.pid; sleep 300", dir, ENV,
                Duration.ofSeconds(300), 100));
        CompletableFuture<CommandResult> queued = r.run(new CommandSpec("true", dir, ENV, Duration.ofSeconds(5), 100));
        long pid = waitForPid("main.pid");
        r.close();
        assertTrue(running.isDone() || waitDone(running), "running command completes after close");
        assertTrue(running.isCompletedExceptionally());
        assertTrue(queued.isCompletedExceptionally());
        assertGone(pid, "main process");
        assertTrue(r.run(new CommandSpec("true", dir, ENV, Duration.ofSeconds(5), 100)).isCompletedExceptionally());
    }

    @Test void specRejectsNonsense() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CommandSpec("x", Path.of("rel"), ENV, Duration.ofSeconds(1), 10));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CommandSpec("x", dir, ENV, Duration.ZERO, 10));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CommandSpec("x", dir, ENV, Duration.ofSeconds(1), 0));
    }

    private static boolean waitDone(CompletableFuture<?> f) throws InterruptedException {
        for (int i = 0; i < 100 && !f.isDone(); i++) Thread.sleep(100);
        return f.isDone();
    }

    private long waitForPid(String file) throws Exception {
        for (int i = 0; i < 100; i++) {
            Path p = dir.resolve(file);
            if (Files.exists(p) && !Files.readString(p).isBlank()) return readPid(file);
            Thread.sleep(50);
        }
        throw new AssertionError(file + " never written");
    }

    private long readPid(String file) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(file), StandardCharsets.US_ASCII).trim());
    }

    /** Waits up to 5 s for {@code pid} to be dead; an unreaped zombie counts as dead. */
    static void assertGone(long pid, String what) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (!alive(pid)) return;
            Thread.sleep(100);
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        fail(what + " (pid " + pid + ") still alive");
    }

    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false; // no such process
        }
    }
}
