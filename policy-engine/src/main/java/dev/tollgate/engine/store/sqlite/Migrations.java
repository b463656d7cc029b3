package dev.tollgate.engine.store.sqlite;

import dev.tollgate.engine.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned schema migrations: {@code db/migration/V<n>__<name>.sql} on the classpath, listed in
 * order in {@code db/migration/index.txt}, each applied once in its own transaction and recorded
 * in {@code schema_version}. A database migrated by a newer Tollgate is refused, never guessed at.
 */
public final class Migrations {
    static final String DIR = "db/migration/";
    static final String INDEX = DIR + "index.txt";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

    private Migrations() {}

    /** One migration: its version, file name and statements. */
    public record Migration(int version, String file, List<String> statements) {}

    /** The migrations this Tollgate knows, in order, version n at index n-1. */
    public static List<Migration> known() {
        List<Migration> out = new ArrayList<>();
        for (String line : resource(INDEX).split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) continue;
            Matcher m = NAME.matcher(file);
            if (!m.matches()) throw new IllegalStateException(INDEX + ": not a migration file name: " + file);
            int version = Integer.parseInt(m.group(1));
            if (version != out.size() + 1) {
                throw new IllegalStateException(INDEX + ": " + file + " is out of order (expected V" + (out.size() + 1) + ")");
            }
            out.add(new Migration(version, file, statements(resource(DIR + file))));
        }
        return List.copyOf(out);
    }

    /** The newest schema version this Tollgate knows. */
    public static int latest() { return known().size(); }

    /**
     * Brings the schema of {@code c} (in manual-commit mode) to {@link #latest()}.
     *
     * @return the schema version now
     * @throws StoreException when the database is newer than this Tollgate or a migration fails
     */
    static int apply(Connection c) {
        List<Migration> migrations = known();
        int latest = migrations.size();
        try {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                        + " file TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            }
            c.commit();
            int current = current(c);
            if (current > latest) {
                throw new StoreException("database schema version " + current
                        + " is newer than this Tollgate supports (" + latest + "); use a newer Tollgate");
            }
            for (Migration m : migrations.subList(current, latest)) {
                applyOne(c, m);
            }
            return latest;
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw new StoreException("cannot read the schema version: " + e.getMessage(), e);
        }
    }

    /** The version recorded in {@code schema_version}; 0 for a new database. */
    static int current(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void applyOne(Connection c, Migration m) {
        try {
            try (Statement st = c.createStatement()) {
                for (String sql : m.statements()) st.executeUpdate(sql);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_version (version, file, applied_at) VALUES (?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.file());
                ps.setLong(3, System.currentTimeMillis());
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw new StoreException("schema migration " + m.file() + " failed: " + e.getMessage(), e);
        }
    }

    /** Splits a migration into statements: "--" comments dropped, then split at ';'. */
    static List<String> statements(String script) {
        StringBuilder sb = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            sb.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String s : sb.toString().split(";")) {
            if (!s.isBlank()) out.add(s.strip());
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " (broken build?)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }
}
