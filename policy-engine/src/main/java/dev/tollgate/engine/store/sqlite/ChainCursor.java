package dev.tollgate.engine.store.sqlite;

import dev.tollgate.engine.audit.AuditChain;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The writer's view of the end of the audit chain, kept in memory so appending an event costs no
 * query. Owned by the writer thread. After a failed commit it is forgotten and read again from
 * the database, which is then the only truth.
 */
final class ChainCursor {
    /** The last event's seq (0 when there is none) and hash (genesis when there is none). */
    record Head(long seq, String hash) {}

    private Head head;

    /** The head, read from the database first when unknown. */
    Head head(StatementCache statements) throws SQLException {
        if (head == null) head = load(statements);
        return head;
    }

    /** The head as last known, possibly null (unknown). */
    Head peek() { return head; }

    void set(Head h) { head = h; }

    void forget() { head = null; }

    static Head load(StatementCache statements) throws SQLException {
        try (ResultSet rs = statements.get("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
                .executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, AuditChain.GENESIS);
        }
    }
}
