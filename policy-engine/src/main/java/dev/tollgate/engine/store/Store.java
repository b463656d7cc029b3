package dev.tollgate.engine.store;

import java.util.concurrent.CompletableFuture;

/**
 * The durable state of Tollgate. All writes go through one writer that commits jobs in groups
 * (one transaction and one fsync for many jobs); the future of a write completes only after its
 * group is committed, so a caller that acknowledges on completion never acknowledges anything a
 * crash could lose. A job that throws is rolled back alone (savepoint) and its future fails; the
 * rest of its group commits.
 *
 * <p>Implementations keep SQL portable (SQLite now, PostgreSQL later) and implement every
 * single-use guarantee as a compare-and-set in SQL, never in memory.
 */
public interface Store extends AutoCloseable {

    /** Runs {@code job} inside the next group transaction on the writer thread. */
    <T> CompletableFuture<T> write(WriteJob<T> job);

    /**
     * Like {@link #write}, for records that no caller acknowledges (e.g. what a forward did): the
     * job may wait up to {@link #LAZY_WAIT_MILLIS} for another write to share its commit, so it
     * does not cost an fsync of its own that the next acknowledged write would have to wait behind.
     */
    default <T> CompletableFuture<T> writeLazily(WriteJob<T> job) {
        return write(job);
    }

    /** The longest a {@link #writeLazily} job waits for company before it is committed alone. */
    long LAZY_WAIT_MILLIS = 10;

    /** Runs {@code job} on a reader thread against a consistent snapshot. */
    <T> CompletableFuture<T> read(ReadJob<T> job);

    /** True when the store accepted a write recently or answers a probe now; for {@code /readyz}. */
    boolean writable();

    @Override void close();

    @FunctionalInterface
    interface WriteJob<T> {
        T run(StoreTx tx) throws Exception;
    }

    @FunctionalInterface
    interface ReadJob<T> {
        T run(StoreReader reader) throws Exception;
    }
}
