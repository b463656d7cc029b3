package dev.tollgate.engine.store.sqlite;

import dev.tollgate.engine.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens connections with the settings durability depends on: WAL (readers never block the
 * writer, one fsync per commit), synchronous=FULL (a commit survives power loss), foreign keys
 * enforced, and a busy timeout so a brief lock by another process is waited out, not failed.
 */
final class SqliteConnections {
    static final int BUSY_TIMEOUT_MS = 5000;

    private SqliteConnections() {}

    /** The single write connection, in manual-commit mode (each commit() ends a group). */
    static Connection openWriter(Path db) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Otherwise the driver runs (and compiles) "SELECT last_insert_rowid()" after every
        // INSERT, for keys nobody asks for: a third of the cost of a small write.
        config.setGetGeneratedKeys(false);
        Connection c = DriverManager.getConnection(url(db), config.toProperties());
        try {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                String mode = pragma(st, "PRAGMA journal_mode = WAL");
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreException("cannot put " + db + " in WAL mode (the file system answered '" + mode
                            + "'); Tollgate needs a local file system");
                }
                st.execute("PRAGMA synchronous = FULL");
                st.execute("PRAGMA foreign_keys = ON");
                st.execute("PRAGMA temp_store = MEMORY");
                st.execute("PRAGMA cache_size = -16384"); // 16 MiB: the indexes of a busy day stay in memory
                // Checkpoint (copy the log into the database, fsync it) every 32 MiB of log rather than
                // SQLite's 4 MiB: pages rewritten by many groups are copied once, and the commits that
                // pay for a checkpoint are rarer (measured: about +40% write throughput). The log file
                // is kept, not shrunk, below 64 MiB: writing over existing blocks syncs faster.
                st.execute("PRAGMA wal_autocheckpoint = 8192");
                st.execute("PRAGMA journal_size_limit = " + 64 * 1024 * 1024);
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** A read-only connection, in manual-commit mode so that each read job sees one snapshot. */
    static Connection openReader(Path db) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        Connection c = DriverManager.getConnection(url(db), config.toProperties());
        try {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                st.execute("PRAGMA foreign_keys = ON");
                st.execute("PRAGMA temp_store = MEMORY");
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    static String pragma(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String url(Path db) { return "jdbc:sqlite:" + db.toAbsolutePath(); }
}
