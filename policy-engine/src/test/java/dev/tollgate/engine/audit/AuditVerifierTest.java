package dev.tollgate.engine.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.store.StoreException;
import dev.tollgate.engine.store.sqlite.SqliteStore;
import dev.tollgate.engine.util.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline verifier against a real store, then against rows changed behind Tollgate's back. */
class AuditVerifierTest {
    static final int EVENTS = 10;
    @TempDir Path dir;
    Path db;
    List<AuditEvent> events;

    @BeforeEach void fill() {
        db = dir.resolve("tollgate.db");
        try (SqliteStore store = SqliteStore.open(db, AuditChainTest.chain(1))) {
            events = store.write(tx -> {
                var out = new java.util.ArrayList<AuditEvent>();
                for (int n = 1; n <= EVENTS; n++) {
                    out.add(tx.appendAudit(new AuditDraft("int_" + n, null, "proposed", "agt_1",
                            Json.object().put("n", n).put("amount", 10.25), Instant.now())));
                }
                return List.copyOf(out);
            }).join();
        }
    }

    private void tamper(String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String s : sql) st.executeUpdate(s);
        }
    }

    private AuditVerifier.Result verify() throws Exception { return AuditVerifier.verify(db, AuditChainTest.chain(1)); }

    @Test void anUntouchedChainVerifies() throws Exception {
        AuditVerifier.Result r = verify();
        assertTrue(r.ok(), r.message());
        assertEquals(EVENTS, r.count());
        assertEquals("audit chain verified: 10 events", r.message());
    }

    @Test void anEmptyChainVerifies() throws Exception {
        Path empty = dir.resolve("empty.db");
        SqliteStore.open(empty, AuditChainTest.chain(1)).close();
        AuditVerifier.Result r = AuditVerifier.verify(empty, AuditChainTest.chain(1));
        assertTrue(r.ok());
        assertEquals(0, r.count());
    }

    @Test void changedMetadataIsAHashMismatchAtThatEvent() throws Exception {
        tamper("UPDATE audit_events SET metadata = '{\"n\":5,\"amount\":99999}' WHERE seq = 5");
        AuditVerifier.Result r = verify();
        assertFalse(r.ok());
        assertEquals(5L, r.badSeq());
        assertEquals(events.get(4).id(), r.badId());
        assertEquals("hash mismatch", r.problem());
        assertEquals(4, r.count());
        assertTrue(r.message().contains("seq 5"), r.message());
    }

    @Test void aChangedActorOrTimeIsCaught() throws Exception {
        tamper("UPDATE audit_events SET actor = 'admin' WHERE seq = 3");
        assertEquals(3L, verify().badSeq());
        tamper("UPDATE audit_events SET actor = 'agt_1' WHERE seq = 3",
                "UPDATE audit_events SET created_at = created_at + 1 WHERE seq = 2");
        assertEquals(2L, verify().badSeq());
    }

    @Test void aDeletedEventIsAGap() throws Exception {
        tamper("DELETE FROM audit_events WHERE seq = 5");
        AuditVerifier.Result r = verify();
        assertEquals(6L, r.badSeq());
        assertEquals("gap after seq 4", r.problem());
    }

    @Test void aDeletedFirstEventIsCaught() throws Exception {
        tamper("DELETE FROM audit_events WHERE seq = 1");
        AuditVerifier.Result r = verify();
        assertEquals(2L, r.badSeq());
        assertEquals("the chain does not start at seq 1", r.problem());
    }

    @Test void reorderedEventsDoNotLink() throws Exception {
        tamper("UPDATE audit_events SET seq = -5 WHERE seq = 5",
                "UPDATE audit_events SET seq = 5 WHERE seq = 6",
                "UPDATE audit_events SET seq = 6 WHERE seq = -5");
        AuditVerifier.Result r = verify();
        assertEquals(5L, r.badSeq());
        assertEquals(events.get(5).id(), r.badId());
        assertEquals("prev_hash does not link to seq 4", r.problem());
    }

    @Test void anEventRewrittenWithoutTheKeyIsCaught() throws Exception {
        // The forger recomputes the chain from seq 3 on, with a key of their own.
        AuditChain forger = AuditChainTest.chain(9);
        AuditEvent e = events.get(2);
        AuditEvent forged = new AuditEvent(e.seq(), e.id(), e.intentId(), e.taskId(), e.eventType(), "admin",
                e.metadata(), e.createdAt(), e.prevHash(), null);
        tamper("UPDATE audit_events SET actor = 'admin', hash = '" + forger.hash(e.prevHash(), forged)
                + "' WHERE seq = 3");
        assertEquals(3L, verify().badSeq());
        assertEquals("hash mismatch", verify().problem());
    }

    @Test void aWrongKeyIsNamedAsSuch() throws Exception {
        AuditVerifier.Result r = AuditVerifier.verify(db, AuditChainTest.chain(2));
        assertFalse(r.ok());
        assertEquals("audit.key does not match this database", r.problem());
        assertNull(r.badSeq());
    }

    @Test void theStoreRefusesAWrongKey() {
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(db, AuditChainTest.chain(2)));
        assertTrue(e.getMessage().contains("audit.key does not match this database"), e.getMessage());
    }

    @Test void theStoreRefusesAWrongKeyEvenWithoutTheFingerprint() throws Exception {
        tamper("DELETE FROM meta WHERE name = '" + AuditChain.KEY_FINGERPRINT_META + "'");
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(db, AuditChainTest.chain(2)));
        assertTrue(e.getMessage().contains("audit.key does not match this database"), e.getMessage());
        // The right key still opens it (and records the fingerprint again).
        SqliteStore.open(db, AuditChainTest.chain(1)).close();
        assertTrue(verify().ok());
    }
}
