package dev.tollgate.tasks.exec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs approved shell steps (SPEC §7.4, "Execution"): {@code /bin/bash -c command} in the step's
 * cwd, with exactly the configured environment, stdin at end of file, output capped per stream,
 * and the timeout enforced on the whole process tree.
 *
 * <p>Threads: at most {@code maxConcurrent} commands run at once, each waited on by a thread of
 * this runner's own pool (never a Netty event loop); more wait in its queue, and their timeout
 * starts when they start. Two more threads per command read its pipes, so a chatty stderr cannot
 * block a command whose stdout is being read.
 *
 * <p>Lifetime of what a step spawns: when the main process exits, everything left in its process
 * group is killed, so {@code sleep 1000 &} does not outlive the step; on timeout the group and
 * every descendant are killed (see {@link ProcessTree}). After the main process ends, the runner
 * waits at most {@link #DRAIN_GRACE} for the pipes to close, then returns what it captured.
 */
public final class CommandRunner implements AutoCloseable {
    static final Path DEFAULT_SHELL = Path.of("/bin/bash");
    /** How long output may keep arriving after the main process has ended (held-open pipes). */
    static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
    /** How long to wait for a killed process to be reaped. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final File DEV_NULL = new File("/dev/null");

    private final ProcessTree tree;
    private final ThreadPoolExecutor workers;
    private final ExecutorService readers;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    public CommandRunner(int maxConcurrent) {
        this(maxConcurrent, DEFAULT_SHELL, ProcessTree.findSetsid());
    }

    /** For tests: another shell (a missing one), or no setsid. */
    CommandRunner(int maxConcurrent, Path shell, Path setsid) {
        if (maxConcurrent < 1) throw new IllegalArgumentException("maxConcurrent must be at least 1");
        this.tree = new ProcessTree(shell, setsid);
        this.workers = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads("tollgate-exec-"));
        // Unbounded, but busy only while a command's pipes are open: two per running command, plus
        // readers of pipes held by a process that escaped every kill (they end when it does).
        this.readers = Executors.newCachedThreadPool(threads("tollgate-exec-io-"));
    }

    /**
     * Runs {@code spec}. The future always completes normally with a result (a command that could
     * not start has {@link CommandResult#startError}), except when this runner is closed: then a
     * command still queued or running completes with {@link CancellationException}, and {@code run}
     * after {@link #close} returns a future failed with {@link IllegalStateException}. The future
     * completes on a runner thread: chain slow work with the {@code *Async} methods so it does not
     * hold a slot of the pool.
     */
    public CompletableFuture<CommandResult> run(CommandSpec spec) {
        Job job = new Job(spec);
        try {
            workers.execute(job);
        } catch (RejectedExecutionException e) {
            job.future.completeExceptionally(new IllegalStateException("command runner is closed"));
        }
        return job.future;
    }

    /** Stops taking commands and kills whatever still runs, with its process tree. */
    @Override public void close() {
        List<Runnable> queued = workers.shutdownNow(); // interrupts the waiting workers, which kill their trees
        for (Runnable r : queued) ((Job) r).future.completeExceptionally(new CancellationException("command runner closed"));
        for (Process p : running) tree.killAll(p); // in case a worker is slow to notice
        readers.shutdown();
    }

    private final class Job implements Runnable {
        final CommandSpec spec;
        final CompletableFuture<CommandResult> future = new CompletableFuture<>();

        Job(CommandSpec spec) { this.spec = spec; }

        @Override public void run() {
            try {
                future.complete(execute(spec));
            } catch (InterruptedException e) {
                future.completeExceptionally(new CancellationException("command runner closed"));
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
                throw e;
            }
        }
    }

    private CommandResult execute(CommandSpec spec) throws InterruptedException {
        long start = System.nanoTime();
        // Checked here for a message that names the problem; ProcessBuilder's would be "error=2".
        if (!Files.isDirectory(spec.cwd())) {
            return CommandResult.notStarted("working directory does not exist or is not a directory: " + spec.cwd(), 0);
        }
        if (!Files.isExecutable(tree.shell())) {
            return CommandResult.notStarted("shell not found or not executable: " + tree.shell(), 0);
        }
        ProcessBuilder pb = new ProcessBuilder(tree.argv(spec.command()))
                .directory(spec.cwd().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL)); // EOF at once; fd 0 stays occupied
        Process p;
        try {
            // Cleared, not filtered: the gateway's environment (TOLLGATE_ADMIN_KEY above all) must not leak.
            pb.environment().clear();
            pb.environment().putAll(spec.env());
            p = pb.start();
        } catch (Exception e) { // IOException, or IllegalArgumentException for a NUL or '=' in env or command
            return CommandResult.notStarted("could not start: " + e.getMessage(), elapsedMs(start));
        }
        running.add(p);
        try {
            return supervise(p, spec, start);
        } finally {
            running.remove(p);
        }
    }

    private CommandResult supervise(Process p, CommandSpec spec, long start) throws InterruptedException {
        StreamCapture out = new StreamCapture(p.getInputStream(), spec.maxOutputBytes());
        StreamCapture err = new StreamCapture(p.getErrorStream(), spec.maxOutputBytes());
        try {
            readers.execute(out);
            readers.execute(err);
        } catch (RejectedExecutionException e) { // closed between queueing and here
            tree.killAll(p);
            throw new InterruptedException("command runner closed");
        }
        boolean exited;
        try {
            exited = p.waitFor(spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            tree.killAll(p); // close(): the tree must not outlive the runner
            throw e;
        }
        if (exited) {
            tree.killLeftovers(p);
        } else {
            tree.killAll(p);
            p.waitFor(KILL_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        }
        long durationMs = elapsedMs(start);
        long drainDeadline = System.nanoTime() + DRAIN_GRACE.toNanos();
        out.awaitEnd(drainDeadline);
        err.awaitEnd(drainDeadline);
        StreamCapture.Snapshot o = out.snapshot();
        StreamCapture.Snapshot e = err.snapshot();
        return new CommandResult(exited ? p.exitValue() : null, o.text(), e.text(), o.truncated(), e.truncated(),
                o.totalBytes(), e.totalBytes(), durationMs, !exited, null);
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true); // close() is the orderly stop; a forgotten runner must not keep the JVM up
            return t;
        };
    }
}
