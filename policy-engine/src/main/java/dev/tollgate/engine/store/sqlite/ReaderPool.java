package dev.tollgate.engine.store.sqlite;

import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.store.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A few threads, each owning a read-only connection. Each read job runs in its own transaction:
 * it sees one consistent snapshot, and the snapshot is released as soon as the job ends (a
 * snapshot held open would stop WAL checkpoints and let the log grow).
 */
final class ReaderPool {
    private final BlockingQueue<Task<?>> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final Task<Void> stop = new Task<>(null);
    private final Executor completions;
    private volatile boolean closed;

    private static final class Task<T> {
        final Store.ReadJob<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;

        Task(Store.ReadJob<T> work) { this.work = work; }

        void finish() {
            if (failure != null) future.completeExceptionally(failure);
            else future.complete(result);
        }
    }

    ReaderPool(Path db, int size, int queueCapacity, Executor completions, String name) throws SQLException {
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.completions = completions;
        List<StatementCache> connections = new ArrayList<>();
        try {
            // All connections first, so that a failure shows at open, not at the first read.
            for (int i = 0; i < size; i++) connections.add(new StatementCache(SqliteConnections.openReader(db)));
        } catch (SQLException | RuntimeException e) {
            connections.forEach(StatementCache::close);
            throw e;
        }
        for (int i = 0; i < size; i++) {
            StatementCache statements = connections.get(i);
            Thread t = new Thread(() -> loop(statements), name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    void start() { threads.forEach(Thread::start); }

    <T> CompletableFuture<T> submit(Store.ReadJob<T> work) {
        if (closed) return CompletableFuture.failedFuture(new StoreException("store is closed"));
        Task<T> task = new Task<>(work);
        if (!queue.offer(task)) return CompletableFuture.failedFuture(new StoreException("store overloaded"));
        if (closed && queue.remove(task)) task.future.completeExceptionally(new StoreException("store is closed"));
        return task.future;
    }

    /** Runs the reads already queued, then stops the threads and closes their connections. */
    void close() {
        if (closed) return;
        closed = true;
        try {
            for (int i = 0; i < threads.size(); i++) queue.put(stop);
            for (Thread t : threads) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Task<?>> left = new ArrayList<>();
        queue.drainTo(left);
        StoreException gone = new StoreException("store is closed");
        for (Task<?> t : left) if (t != stop) t.future.completeExceptionally(gone);
    }

    private void loop(StatementCache statements) {
        try {
            while (true) {
                Task<?> task = queue.take();
                if (task == stop) break;
                run(statements, task);
                completions.execute(task::finish);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            statements.close();
        }
    }

    private static <T> void run(StatementCache statements, Task<T> task) {
        SqlReader reader = new SqlReader(statements);
        try {
            task.result = task.work.run(reader);
        } catch (Throwable t) {
            task.failure = t;
        } finally {
            reader.end();
        }
        try {
            statements.connection().commit(); // ends the snapshot
        } catch (SQLException e) {
            try {
                statements.connection().rollback();
            } catch (SQLException ignored) {
                // nothing more to release
            }
            if (task.failure == null) task.failure = new StoreException("database error: " + e.getMessage(), e);
        }
    }
}
