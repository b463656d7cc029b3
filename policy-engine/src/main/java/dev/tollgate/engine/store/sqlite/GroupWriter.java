package dev.tollgate.engine.store.sqlite;

import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one writer: a thread that owns the write connection and commits jobs in groups. It takes
 * the first queued job, drains whatever else is already queued (up to a bound) without waiting,
 * runs each job in its own savepoint, commits once, and only then completes the futures, on
 * another executor so a caller's continuation can never stall the writer. One fsync then
 * acknowledges a whole group: throughput grows with load instead of collapsing under it.
 */
final class GroupWriter {
    private static final String PROBE_META = "last_writable_probe";

    private final StatementCache statements;
    private final AuditChain chain;
    private final ChainCursor cursor = new ChainCursor();
    private final BlockingQueue<Job<?>> queue;
    private final int maxGroup;
    private final Executor completions;
    private final Thread thread;
    private final Job<Void> stop = new Job<>(null, false);
    private static final long LAZY_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(Store.LAZY_WAIT_MILLIS);
    private final AtomicLong commits = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean writable = true;
    private volatile boolean closed;
    private volatile SqliteStore.CommitListener listener;

    /** A job and what became of it; finished only after its group's commit. */
    private static final class Job<T> {
        final Store.WriteJob<T> work;
        final boolean lazy;
        final long queuedNanos = System.nanoTime();
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;

        Job(Store.WriteJob<T> work, boolean lazy) {
            this.work = work;
            this.lazy = lazy;
        }

        void finish() {
            if (failure != null) future.completeExceptionally(failure);
            else future.complete(result);
        }
    }

    GroupWriter(Connection connection, AuditChain chain, int queueCapacity, int maxGroup, Executor completions,
                String name) throws SQLException {
        this.statements = new StatementCache(connection);
        this.chain = chain;
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.maxGroup = maxGroup;
        this.completions = completions;
        cursor.set(ChainCursor.load(statements));
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
    }

    void start() { thread.start(); }

    /** @param lazy the job may wait (up to {@link Store#LAZY_WAIT_MILLIS}) to share a commit */
    <T> CompletableFuture<T> submit(Store.WriteJob<T> work, boolean lazy) {
        if (closed) return CompletableFuture.failedFuture(new StoreException("store is closed"));
        Job<T> job = new Job<>(work, lazy);
        // Callers run on event loops: a full queue is an answer (503), never a wait.
        if (!queue.offer(job)) return CompletableFuture.failedFuture(new StoreException("store overloaded"));
        if (closed && queue.remove(job)) {
            // close() raced with us and may already have drained the queue for the last time.
            job.future.completeExceptionally(new StoreException("store is closed"));
        }
        return job.future;
    }

    /** Whether the last commit succeeded; when it did not, a probe write is started to find out again. */
    boolean writable() {
        // Read once: the probe started here may commit before this returns, and the answer is about
        // the last commit before the call (a test caught the second read racing the probe).
        boolean answer = writable;
        if (!answer && !closed && probing.compareAndSet(false, true)) {
            submit(tx -> {
                tx.putMeta(PROBE_META, Long.toString(System.currentTimeMillis()));
                return null;
            }, false).whenComplete((r, e) -> probing.set(false));
        }
        return answer;
    }

    long commits() { return commits.get(); }

    void listener(SqliteStore.CommitListener l) { listener = l; }

    /** The chain head as the writer knows it (tests). */
    ChainCursor.Head head() { return cursor.peek(); }

    /** Stops taking jobs, commits those queued, stops the thread and closes the connection. */
    void close() {
        if (closed) return;
        closed = true;
        try {
            while (thread.isAlive() && !queue.offer(stop, 100, TimeUnit.MILLISECONDS)) {
                // the queue is full: the writer is making room
            }
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued();
    }

    private void loop() {
        List<Job<?>> group = new ArrayList<>(maxGroup);
        boolean stopping = false;
        try {
            while (true) {
                group.clear();
                Job<?> first = stopping ? queue.poll() : queue.take();
                if (first == null) break;
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                if (!stopping) awaitCompany(group);
                if (group.remove(stop)) stopping = true;
                if (!group.isEmpty()) runGroup(List.copyOf(group));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Also when the writer dies of a bug: callers get an error, not a future that never completes.
            writable = false;
            closed = true;
            statements.close();
            failQueued();
        }
    }

    /**
     * A group of lazy jobs only waits, up to the oldest one's deadline, for a job someone waits on
     * (which then commits them all with one fsync) or for the group to fill.
     */
    private void awaitCompany(List<Job<?>> group) throws InterruptedException {
        long deadline = Long.MAX_VALUE;
        for (Job<?> j : group) {
            if (!j.lazy) return;
            deadline = Math.min(deadline, j.queuedNanos + LAZY_WAIT_NANOS);
        }
        while (group.size() < maxGroup) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) return;
            Job<?> next = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) return;
            group.add(next);
            if (!next.lazy) {
                queue.drainTo(group, maxGroup - group.size());
                return;
            }
        }
    }

    private void failQueued() {
        List<Job<?>> left = new ArrayList<>();
        queue.drainTo(left);
        StoreException gone = new StoreException("store is closed");
        for (Job<?> j : left) j.future.completeExceptionally(gone);
    }

    private void runGroup(List<Job<?>> group) {
        long start = System.nanoTime();
        try {
            for (Job<?> job : group) runJob(job);
            statements.connection().commit();
        } catch (Throwable t) {
            failGroup(group, t);
            return;
        }
        long nanos = System.nanoTime() - start;
        commits.incrementAndGet();
        writable = true;
        completions.execute(() -> group.forEach(Job::finish));
        SqliteStore.CommitListener l = listener;
        if (l != null) {
            try {
                l.committed(group.size(), nanos);
            } catch (RuntimeException e) {
                // a metrics hook must not stop the writer
            }
        }
    }

    /**
     * Runs one job in its own savepoint. The job's exception rolls back the job alone (and the
     * chain head it advanced); an error of the savepoint statements themselves fails the group.
     */
    private <T> void runJob(Job<T> job) throws SQLException {
        ChainCursor.Head before = cursor.peek();
        statements.get("SAVEPOINT job").execute();
        SqlTx tx = new SqlTx(statements, chain, cursor);
        try {
            job.result = job.work.run(tx);
        } catch (Throwable t) {
            job.failure = t;
        } finally {
            tx.end();
        }
        if (job.failure != null) {
            statements.get("ROLLBACK TO SAVEPOINT job").execute();
            cursor.set(before);
        }
        statements.get("RELEASE SAVEPOINT job").execute();
    }

    /** Nothing of the group is durable: every caller hears so, and the chain head is re-read. */
    private void failGroup(List<Job<?>> group, Throwable cause) {
        writable = false;
        try {
            statements.connection().rollback();
        } catch (SQLException ignored) {
            // the transaction is gone either way
        }
        cursor.forget();
        try {
            cursor.head(statements);
        } catch (SQLException e) {
            // stays unknown; the next append reads it again, or fails its job
        }
        StoreException failure = new StoreException("store commit failed: " + cause.getMessage(), cause);
        completions.execute(() -> group.forEach(j -> j.future.completeExceptionally(failure)));
    }
}
