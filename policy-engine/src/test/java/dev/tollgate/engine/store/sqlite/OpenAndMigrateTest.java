package dev.tollgate.engine.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.store.StoreException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening: files and modes, pragmas, migrations, refusals. */
class OpenAndMigrateTest {
    @TempDir Path dir;

    private Path db() { return dir.resolve("data/tollgate.db"); }

    private static String query(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test void aFreshDatabaseIsPrivateMigratedAndDurable() throws Exception {
        try (SqliteStore store = SqliteStore.open(db(), Fixtures.chain(1))) {
            store.write(tx -> tx.insertIntent(Fixtures.pending("agt_a", null))).join();
            assertEquals("rwx------", mode(dir.resolve("data")));
            assertEquals("rw-------", mode(db()));
            assertEquals("rw-------", mode(Path.of(db() + "-wal")));
            assertEquals("rw-------", mode(Path.of(db() + "-shm")));
            // synchronous and foreign_keys are per connection: ask the writer's own.
            List<String> pragmas = store.write(tx -> {
                Connection c = ((SqlTx) tx).statements.connection();
                try (Statement st = c.createStatement()) {
                    return List.of(SqliteConnections.pragma(st, "PRAGMA journal_mode"),
                            SqliteConnections.pragma(st, "PRAGMA synchronous"),
                            SqliteConnections.pragma(st, "PRAGMA foreign_keys"));
                }
            }).join();
            assertEquals(List.of("wal", "2", "1"), pragmas, "WAL, synchronous=FULL (2), foreign keys on");
        }
        assertEquals(String.valueOf(Migrations.latest()), query(db(), "SELECT MAX(version) FROM schema_version"));
    }

    @Test void reopeningAppliesNothingTwiceAndSeesEverything() throws Exception {
        Intent i = Fixtures.pending("agt_a", "k");
        try (SqliteStore store = SqliteStore.open(db(), Fixtures.chain(1))) {
            store.write(tx -> {
                tx.insertIntent(i);
                tx.appendAudit(Fixtures.draft(i.id(), "proposed"));
                return null;
            }).join();
        }
        try (SqliteStore store = SqliteStore.open(db(), Fixtures.chain(1))) {
            assertEquals(i, store.read(r -> r.intent(i.id())).join().orElseThrow());
            assertEquals(2, store.write(tx -> tx.appendAudit(Fixtures.draft(i.id(), "approved"))).join().seq(),
                    "the chain continues where it stopped");
        }
        assertEquals(String.valueOf(Migrations.latest()), query(db(), "SELECT COUNT(*) FROM schema_version"));
    }

    /**
     * The proxy looks up an agent's live intent by request digest on every request; a plan that
     * walks the agent's intents, or all earlier identical requests, made each request O(n) (found in
     * a benchmark, where every request is identical). SQLite silently ignores a partial index when a
     * query's condition differs from the index's by as much as a bound parameter, hence this test.
     */
    @Test void theLiveLookupsSeekTheirPartialIndexes() throws Exception {
        try (SqliteStore store = SqliteStore.open(db(), Fixtures.chain(1))) {
            // The production statements themselves, so that a change to one is checked here too.
            String digest = plan(store, SqlReader.LIVE_BY_DIGEST);
            assertTrue(digest.contains("intents_live_digest (agent_id=? AND request_digest=?)"), digest);
            String sweep = plan(store, SqlReader.OVERDUE_PENDING);
            assertTrue(sweep.contains("intents_pending_expires"), sweep);
            String trail = plan(store, SqlReader.AUDIT_FOR_INTENT);
            assertTrue(trail.contains("audit_events_intent (intent_created=? AND intent_id=?)"), trail);
            String tasks = plan(store, SqlReader.AUDIT_FOR_TASK);
            assertTrue(tasks.contains("audit_events_task"), tasks);
        }
    }

    private static String plan(SqliteStore store, String sql) {
        return store.write(tx -> {
            Connection c = ((SqlTx) tx).statements.connection();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) sb.append(rs.getString("detail")).append('\n');
                return sb.toString();
            }
        }).join();
    }

    /**
     * A database from before V5 (audit rows without intent_created, the old index) keeps every
     * intent's trail after the upgrade: the migration fills the column from the intents.
     */
    @Test void intentTrailsWrittenBeforeV5AreFoundAfterIt() throws Exception {
        Intent i = Fixtures.pending("agt_a", null);
        try (SqliteStore store = SqliteStore.open(db(), Fixtures.chain(1))) {
            store.write(tx -> {
                tx.insertIntent(i);
                tx.appendAudits(List.of(Fixtures.draft(i.id(), "proposed"), Fixtures.draft(i.id(), "approved")));
                return null;
            }).join();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            // Back to the V4 schema, as a Tollgate of that version left it.
            st.executeUpdate("DROP INDEX audit_events_intent");
            st.executeUpdate("ALTER TABLE audit_events DROP COLUMN intent_created");
            st.executeUpdate("CREATE INDEX audit_events_intent ON audit_events (intent_id, seq) WHERE intent_id IS NOT NULL");
            st.executeUpdate("DELETE FROM schema_version WHERE version >= 5");
        }
        try (SqliteStore store = SqliteStore.open(db(), Fixtures.chain(1))) {
            assertEquals(List.of("proposed", "approved"), store.read(r -> r.auditForIntent(i.id())).join().stream()
                    .map(dev.tollgate.engine.audit.AuditEvent::eventType).toList());
        }
        assertEquals(String.valueOf(Migrations.latest()), query(db(), "SELECT MAX(version) FROM schema_version"));
    }

    @Test void aDatabaseFromANewerTollgateIsRefused() throws Exception {
        SqliteStore.open(db(), Fixtures.chain(1)).close();
        int newer = Migrations.latest() + 1;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO schema_version (version, file, applied_at) VALUES (" + newer + ", 'V" + newer
                    + "__future.sql', 0)");
        }
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(db(), Fixtures.chain(1)));
        assertTrue(e.getMessage().contains("database schema version " + newer
                + " is newer than this Tollgate supports (" + Migrations.latest() + ")"), e.getMessage());
    }

    @Test void aDatabaseOthersCanReadIsRefused() throws Exception {
        SqliteStore.open(db(), Fixtures.chain(1)).close();
        Files.setPosixFilePermissions(db(), PosixFilePermissions.fromString("rw-r--r--"));
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(db(), Fixtures.chain(1)));
        assertTrue(e.getMessage().contains("chmod 600 " + db()), e.getMessage());
    }

    @Test void theMigrationIndexListsEveryMigrationFile() throws URISyntaxException, Exception {
        Path folder = Path.of(Migrations.class.getClassLoader().getResource(Migrations.INDEX).toURI()).getParent();
        TreeSet<String> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, Migrations.known().stream().map(Migrations.Migration::file)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test void statementsAreSplitAndCommentsDropped() {
        assertEquals(List.of("CREATE TABLE a (x INTEGER)", "CREATE INDEX i ON a (x)"),
                Migrations.statements("-- head; with a semicolon\nCREATE TABLE a (x INTEGER); -- tail\n\n"
                        + "CREATE INDEX i ON a (x);\n"));
    }
}
