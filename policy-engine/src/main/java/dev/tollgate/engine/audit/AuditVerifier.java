package dev.tollgate.engine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.store.StoreException;
import dev.tollgate.engine.util.Json;
import dev.tollgate.engine.util.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.sqlite.SQLiteConfig;

/**
 * Offline check of the whole audit chain ({@code tollgate audit verify}): seq gap-free from 1,
 * each prev_hash equal to the previous event's hash, each hash the HMAC of its event. Reads the
 * events in seq order, one at a time, so memory does not grow with the chain. It works on the
 * database of a running server too: it reads one consistent snapshot.
 *
 * <p>What it cannot see: events cut off the end of the chain (nothing after them is left to
 * disagree). Compare the count with one noted earlier, or exported to a SIEM, for that.
 */
public final class AuditVerifier {
    static final String SELECT = "SELECT seq, id, intent_id, task_id, event_type, actor, metadata, created_at,"
            + " prev_hash, hash FROM audit_events ORDER BY seq";

    private AuditVerifier() {}

    /**
     * @param count   events that verified (all of them when {@link #ok()})
     * @param badSeq  the first event that does not verify; null when ok or when no event is at fault
     * @param badId   its id
     * @param problem what is wrong; null when ok
     */
    public record Result(long count, Long badSeq, String badId, String problem) {
        static Result verified(long count) { return new Result(count, null, null, null); }

        public boolean ok() { return problem == null; }

        /** One line for a person. */
        public String message() {
            if (ok()) return "audit chain verified: " + count + " event" + (count == 1 ? "" : "s");
            if (badSeq == null) return "audit chain does not verify: " + problem;
            return "audit event seq " + badSeq + " (" + badId + ") does not verify: " + problem
                    + " (" + count + " event" + (count == 1 ? "" : "s") + " before it verified)";
        }
    }

    /** Verifies the chain in the SQLite database {@code dbFile}, opened read-only. */
    public static Result verify(Path dbFile, AuditChain chain) throws IOException {
        if (!Files.isRegularFile(dbFile)) throw new NoSuchFileException(dbFile.toString(), null, "no database here");
        PrivateFiles.checkPrivate(dbFile);
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true); // verifying never changes the file
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath(), config.toProperties())) {
            return verify(c, chain);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit events of " + dbFile + ": " + e.getMessage(), e);
        }
    }

    /** Verifies the chain through {@code c} (any SQL database holding Tollgate's schema), in one transaction. */
    public static Result verify(Connection c, AuditChain chain) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false); // one snapshot; and streaming result sets on drivers that need it
        try {
            String stored = storedFingerprint(c);
            if (stored != null && !stored.equals(chain.key().fingerprint())) {
                return new Result(0, null, null, "audit.key does not match this database");
            }
            return walk(c, chain);
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    private static Result walk(Connection c, AuditChain chain) throws SQLException {
        long count = 0;
        long expectedSeq = 1;
        String expectedPrev = AuditChain.GENESIS;
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    String id = rs.getString(2);
                    if (seq != expectedSeq) {
                        return new Result(count, seq, id, expectedSeq == 1 ? "the chain does not start at seq 1"
                                : "gap after seq " + (expectedSeq - 1));
                    }
                    String prev = rs.getString(9);
                    if (!expectedPrev.equals(prev)) {
                        return new Result(count, seq, id, seq == 1 ? "prev_hash is not the genesis value"
                                : "prev_hash does not link to seq " + (seq - 1));
                    }
                    AuditEvent e;
                    try {
                        e = new AuditEvent(seq, id, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                parse(rs.getString(7)), Instant.ofEpochMilli(rs.getLong(8)), prev, rs.getString(10));
                    } catch (JsonProcessingException bad) {
                        return new Result(count, seq, id, "metadata is not JSON");
                    }
                    if (!chain.verifies(e)) return new Result(count, seq, id, "hash mismatch");
                    count++;
                    expectedSeq++;
                    expectedPrev = e.hash();
                }
            }
        }
        return Result.verified(count);
    }

    private static JsonNode parse(String json) throws JsonProcessingException {
        return json == null ? null : Json.MAPPER.readTree(json);
    }

    private static String storedFingerprint(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            ps.setString(1, AuditChain.KEY_FINGERPRINT_META);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
