package dev.tollgate.engine.store.sqlite;

import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.store.StoreException;
import dev.tollgate.engine.util.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The SQLite store: one file in WAL mode with synchronous=FULL, one group-committing writer
 * ({@link GroupWriter}) and a few read-only connections ({@link ReaderPool}). Futures complete
 * on a small pool of their own: never on the writer, never before the commit.
 *
 * <p>Rules for callers: a write job runs on the single writer thread, so it must not block (no
 * I/O, no waiting on another store future: that would stall, or deadlock, every writer). A full
 * queue answers {@code StoreException("store overloaded")} at once instead of blocking.
 *
 * <p>One process per database file: the writer keeps the audit chain head in memory. Times are
 * stored as epoch milliseconds, so instants read back are truncated to the millisecond.
 */
public final class SqliteStore implements Store {
    /** The store's file name in the data directory. */
    public static final String FILE_NAME = "tollgate.db";

    /** Told of every committed group, on the writer thread: keep it short (e.g. observe a histogram). */
    @FunctionalInterface
    public interface CommitListener {
        void committed(int jobs, long nanos);
    }

    /** Sizing; {@link #DEFAULTS} suit a small server. */
    record Settings(int writeQueue, int maxGroup, int readers, int readQueue) {
        static final Settings DEFAULTS = new Settings(16_384, 512,
                Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())), 4_096);
    }

    private final Path file;
    private final GroupWriter writer;
    private final ReaderPool readers;
    private final ForkJoinPool completions;

    private SqliteStore(Path file, GroupWriter writer, ReaderPool readers, ForkJoinPool completions) {
        this.file = file;
        this.writer = writer;
        this.readers = readers;
        this.completions = completions;
    }

    /**
     * Opens (creating when missing, mode 0600, with its directory 0700) and migrates the database,
     * checks that {@code chain}'s key is the one its audit events were chained with, and starts
     * the writer and readers.
     *
     * @throws StoreException when the file is not private, the schema is newer than this
     *                        Tollgate, the audit key does not match, or the database cannot be opened
     */
    public static SqliteStore open(Path dbFile, AuditChain chain) {
        return open(dbFile, chain, Settings.DEFAULTS);
    }

    static SqliteStore open(Path dbFile, AuditChain chain, Settings settings) {
        Path db = dbFile.toAbsolutePath().normalize();
        preparePrivateFile(db);
        Connection connection = null;
        ForkJoinPool completions = null;
        try {
            connection = SqliteConnections.openWriter(db);
            Migrations.apply(connection);
            checkAuditKey(connection, chain, db);
            // Each pool task completes a whole group; 2 threads so that one slow continuation does
            // not hold up every other caller. FIFO mode: groups are answered in commit order.
            completions = new ForkJoinPool(2, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
            GroupWriter writer = new GroupWriter(connection, chain, settings.writeQueue(), settings.maxGroup(), completions,
                    "tollgate-store-writer");
            ReaderPool readers = new ReaderPool(db, settings.readers(), settings.readQueue(), completions,
                    "tollgate-store-reader");
            writer.start();
            readers.start();
            return new SqliteStore(db, writer, readers, completions);
        } catch (SQLException e) {
            closeQuietly(connection, completions);
            throw new StoreException("cannot open the store " + db + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection, completions);
            throw e;
        }
    }

    @Override public <T> CompletableFuture<T> write(WriteJob<T> job) {
        return writer.submit(job, false);
    }

    @Override public <T> CompletableFuture<T> writeLazily(WriteJob<T> job) {
        return writer.submit(job, true);
    }

    @Override public <T> CompletableFuture<T> read(ReadJob<T> job) {
        return readers.submit(job);
    }

    /** Whether the last group committed; while not, each call may start a probe write. */
    @Override public boolean writable() { return writer.writable(); }

    /** Group transactions committed since open (metrics; tests compare it with the number of jobs). */
    public long commitCount() { return writer.commits(); }

    public void commitListener(CommitListener listener) { writer.listener(listener); }

    public Path file() { return file; }

    /** The writer's audit chain head (tests). */
    ChainCursor.Head chainHead() { return writer.head(); }

    /** Commits what is queued, runs the queued reads, stops the threads and closes the connections. */
    @Override public void close() {
        writer.close();
        readers.close();
        completions.shutdown();
        try {
            completions.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates the file 0600 (SQLite gives -wal and -shm the same mode) or refuses an existing one others can read. */
    private static void preparePrivateFile(Path db) {
        try {
            PrivateFiles.createPrivateDirectories(db.getParent());
            PrivateFiles.createEmpty(db);
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path p = Path.of(db + suffix);
                if (Files.exists(p)) PrivateFiles.checkPrivate(p);
            }
        } catch (PrivateFiles.NotPrivateException e) {
            throw new StoreException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("cannot create the store " + db + ": " + e, e);
        }
    }

    /** The first open records the key's fingerprint; later opens must bring the same key. */
    private static void checkAuditKey(Connection c, AuditChain chain, Path db) throws SQLException {
        String expected = chain.key().fingerprint();
        String stored;
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            ps.setString(1, AuditChain.KEY_FINGERPRINT_META);
            try (ResultSet rs = ps.executeQuery()) {
                stored = rs.next() ? rs.getString(1) : null;
            }
        }
        if (stored == null) {
            // No fingerprint yet, but maybe events (a database from before fingerprints, or a
            // deleted row): the newest event must verify with this key before we extend the chain.
            AuditEvent last = lastEvent(c);
            if (last != null && !chain.verifies(last)) {
                c.rollback();
                throw keyMismatch(db);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta (name, value) VALUES (?, ?)")) {
                ps.setString(1, AuditChain.KEY_FINGERPRINT_META);
                ps.setString(2, expected);
                ps.executeUpdate();
            }
            c.commit();
        } else if (!stored.equals(expected)) {
            c.rollback();
            throw keyMismatch(db);
        }
    }

    private static StoreException keyMismatch(Path db) {
        return new StoreException("audit.key does not match this database (" + db + "): its audit events were"
                + " chained with another key; restore the audit.key that belongs with this database");
    }

    private static AuditEvent lastEvent(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.AUDIT_COLUMNS
                + " FROM audit_events ORDER BY seq DESC LIMIT 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Rows.audit(rs) : null;
        }
    }

    private static void closeQuietly(Connection c, ForkJoinPool completions) {
        if (completions != null) completions.shutdownNow();
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing
        }
    }
}
