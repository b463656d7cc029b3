package dev.tollgate.engine.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.agent.Reviewer;
import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.audit.CanonicalJson;
import dev.tollgate.engine.execution.Execution;
import dev.tollgate.engine.execution.ExecutionStatus;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.store.StoreTx;
import dev.tollgate.engine.util.Ids;
import dev.tollgate.engine.webhook.Webhook;
import dev.tollgate.engine.webhook.WebhookDelivery;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The writes of one job, on the writer's connection, inside the job's savepoint. Every boolean
 * method is a compare-and-set decided by the database ({@code UPDATE ... WHERE <expected state>},
 * or a unique constraint), never by a read before the write.
 */
final class SqlTx extends SqlReader implements StoreTx {
    private static final String INSERT_INTENT = "INSERT INTO intents (" + Rows.INTENT_COLUMNS + ") VALUES ("
            + Rows.placeholders(26) + ") ON CONFLICT (agent_id, idempotency_key) DO NOTHING";
    /** Audit rows one INSERT writes at most: an auto-approved proxied request appends four events at once. */
    static final int AUDIT_ROWS_PER_INSERT = 4;
    /**
     * [n] inserts n audit rows. intent_created (the intent's creation time, which orders the index of
     * intent trails: migration V5) is read in the statement, from the intent the event is about.
     */
    private static final String[] INSERT_AUDIT = new String[AUDIT_ROWS_PER_INSERT + 1];

    static {
        String row = "(" + Rows.placeholders(10) + ", (SELECT created_at FROM intents WHERE id = ?))";
        for (int n = 1; n <= AUDIT_ROWS_PER_INSERT; n++) {
            INSERT_AUDIT[n] = "INSERT INTO audit_events (" + Rows.AUDIT_COLUMNS + ", intent_created) VALUES "
                    + String.join(", ", java.util.Collections.nCopies(n, row));
        }
    }

    private final AuditChain chain;
    private final ChainCursor cursor;

    SqlTx(StatementCache statements, AuditChain chain, ChainCursor cursor) {
        super(statements);
        this.chain = chain;
        this.cursor = cursor;
    }

    private int update(String sql, Binder binder) {
        return sql(() -> prepare(sql, binder).executeUpdate());
    }

    // ---- agents and reviewers ----

    @Override public void insertAgent(Agent a, String keyHash) {
        update("INSERT INTO agents (" + Rows.AGENT_COLUMNS + ", key_hash) VALUES (" + Rows.placeholders(11) + ")", ps -> {
            ps.setString(1, a.id());
            ps.setString(2, a.name());
            Rows.setString(ps, 3, a.owner());
            Rows.setString(ps, 4, a.riskTier());
            ps.setString(5, a.status().wire());
            Rows.setJson(ps, 6, a.allowedPolicies());
            Rows.setJson(ps, 7, a.allowedDestinations());
            Rows.setString(ps, 8, a.framework());
            Rows.setJson(ps, 9, a.metadata());
            ps.setLong(10, a.createdAt().toEpochMilli());
            ps.setString(11, keyHash);
        });
    }

    /** False when the agent does not exist or is revoked: revocation is final, also in SQL. */
    @Override public boolean setAgentStatus(String agentId, AgentStatus status) {
        return update("UPDATE agents SET status = ? WHERE id = ? AND status <> ?", ps -> {
            ps.setString(1, status.wire());
            ps.setString(2, agentId);
            ps.setString(3, AgentStatus.REVOKED.wire());
        }) == 1;
    }

    @Override public void insertReviewer(Reviewer r, String keyHash) {
        update("INSERT INTO reviewers (" + Rows.REVIEWER_COLUMNS + ", key_hash) VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, r.id());
            ps.setString(2, r.name());
            ps.setBoolean(3, r.active());
            ps.setLong(4, r.createdAt().toEpochMilli());
            ps.setString(5, keyHash);
        });
    }

    // ---- intents ----

    @Override public boolean insertIntent(Intent i) {
        return update(INSERT_INTENT, ps -> {
            ps.setString(1, i.id());
            ps.setString(2, i.agentId());
            Rows.setString(ps, 3, i.agentName());
            Rows.setString(ps, 4, i.onBehalfOf());
            Rows.setString(ps, 5, i.destination());
            Rows.setString(ps, 6, i.policyId());
            Rows.setString(ps, 7, i.policyVersion());
            Rows.setString(ps, 8, i.payloadHash());
            Rows.setString(ps, 9, i.payloadType());
            ps.setLong(10, i.payloadSize());
            Rows.setLong(ps, 11, i.recordCount());
            ps.setString(12, i.status().wire());
            Rows.setString(ps, 13, i.reasonCode() == null ? null : i.reasonCode().wire());
            Rows.setString(ps, 14, i.blockReason());
            ps.setDouble(15, i.riskScore());
            Rows.setString(ps, 16, i.riskLevel() == null ? null : i.riskLevel().wire());
            Rows.setString(ps, 17, i.idempotencyKey());
            Rows.setJson(ps, 18, i.metadata());
            Rows.setString(ps, 19, i.requestDigest());
            Rows.setTime(ps, 20, i.usedAt());
            ps.setLong(21, i.createdAt().toEpochMilli());
            Rows.setTime(ps, 22, i.expiresAt());
            Rows.setTime(ps, 23, i.decidedAt());
            Rows.setString(ps, 24, i.decidedBy());
            Rows.setDouble(ps, 25, i.estimatedValueUsd());
            ps.setString(26, Rows.json(i.sensitivityTags()));
        }) == 1;
    }

    /** Writes the decision fields of {@code updated}: status, reason code, block reason, decided at/by. */
    @Override public boolean casIntentStatus(String intentId, Set<IntentStatus> from, Intent updated) {
        if (from.isEmpty()) return false;
        List<IntentStatus> in = List.copyOf(from);
        return update("UPDATE intents SET status = ?, reason_code = ?, block_reason = ?, decided_at = ?, decided_by = ?"
                + " WHERE id = ? AND status IN (" + Rows.placeholders(in.size()) + ")", ps -> {
                    ps.setString(1, updated.status().wire());
                    Rows.setString(ps, 2, updated.reasonCode() == null ? null : updated.reasonCode().wire());
                    Rows.setString(ps, 3, updated.blockReason());
                    Rows.setTime(ps, 4, updated.decidedAt());
                    Rows.setString(ps, 5, updated.decidedBy());
                    ps.setString(6, intentId);
                    for (int k = 0; k < in.size(); k++) ps.setString(7 + k, in.get(k).wire());
                }) == 1;
    }

    @Override public boolean markIntentUsed(String intentId, Instant at) {
        return update("UPDATE intents SET used_at = ? WHERE id = ? AND status = ? AND used_at IS NULL", ps -> {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, intentId);
            ps.setString(3, IntentStatus.APPROVED.wire());
        }) == 1;
    }

    @Override public boolean completeUsedIntent(String intentId, IntentStatus outcome) {
        return update("UPDATE intents SET status = ? WHERE id = ? AND status = 'approved' AND used_at IS NOT NULL",
                ps -> {
                    ps.setString(1, outcome.wire());
                    ps.setString(2, intentId);
                }) == 1;
    }

    @Override public void incrementCounter(String name) {
        update("INSERT INTO counters (name, value) VALUES (?, 1)"
                + " ON CONFLICT (name) DO UPDATE SET value = counters.value + 1", ps -> ps.setString(1, name));
    }

    // ---- executions ----

    @Override public void insertExecution(Execution e, String tokenHash) {
        update("INSERT INTO executions (" + Rows.EXECUTION_COLUMNS + ", token_hash) VALUES (" + Rows.placeholders(10)
                + ")", ps -> {
                    ps.setString(1, e.id());
                    ps.setString(2, e.intentId());
                    ps.setString(3, e.agentId());
                    Rows.setString(ps, 4, e.mode());
                    ps.setString(5, e.status().wire());
                    Rows.setJson(ps, 6, e.workerReport());
                    ps.setLong(7, e.createdAt().toEpochMilli());
                    Rows.setTime(ps, 8, e.expiresAt());
                    Rows.setTime(ps, 9, e.completedAt());
                    ps.setString(10, tokenHash);
                });
    }

    /** A null {@code workerReport} or {@code completedAt} keeps the stored value. */
    @Override public boolean casExecutionStatus(String executionId, Set<ExecutionStatus> from, ExecutionStatus to,
                                                JsonNode workerReport, Instant completedAt) {
        if (from.isEmpty()) return false;
        List<ExecutionStatus> in = List.copyOf(from);
        return update("UPDATE executions SET status = ?, worker_report = COALESCE(?, worker_report),"
                + " completed_at = COALESCE(?, completed_at) WHERE id = ? AND status IN ("
                + Rows.placeholders(in.size()) + ")", ps -> {
                    ps.setString(1, to.wire());
                    Rows.setJson(ps, 2, workerReport);
                    Rows.setTime(ps, 3, completedAt);
                    ps.setString(4, executionId);
                    for (int k = 0; k < in.size(); k++) ps.setString(5 + k, in.get(k).wire());
                }) == 1;
    }

    // ---- audit ----

    /**
     * Links the event to the in-memory chain head and advances it. The writer restores the head
     * when this job is rolled back, so a failed job leaves no gap and no dangling link.
     */
    @Override public AuditEvent appendAudit(AuditDraft d) {
        return appendAudits(List.of(d)).get(0);
    }

    /** Appends in order, linked one to the next, with one INSERT per {@link #AUDIT_ROWS_PER_INSERT} events. */
    @Override public List<AuditEvent> appendAudits(List<AuditDraft> drafts) {
        for (AuditDraft d : drafts) Objects.requireNonNull(d.eventType(), "eventType");
        return sql(() -> {
            ChainCursor.Head head = cursor.head(statements);
            List<AuditEvent> events = new ArrayList<>(drafts.size());
            String[] metadata = new String[drafts.size()];
            String prev = head.hash();
            long seq = head.seq();
            for (int k = 0; k < drafts.size(); k++) {
                AuditDraft d = drafts.get(k);
                Instant at = AuditChain.truncate(d.createdAt() == null ? Instant.now() : d.createdAt());
                AuditEvent unsigned = new AuditEvent(++seq, Ids.event(), d.intentId(), d.taskId(), d.eventType(),
                        d.actor(), d.metadata(), at, prev, null);
                String canonical = CanonicalJson.valueOrNull(d.metadata());
                String hash = chain.hash(prev, unsigned, canonical);
                // The canonical text is stored: the same JSON value, and already made for the hash.
                metadata[k] = "null".equals(canonical) ? null : canonical;
                events.add(new AuditEvent(unsigned.seq(), unsigned.id(), unsigned.intentId(), unsigned.taskId(),
                        unsigned.eventType(), unsigned.actor(), unsigned.metadata(), at, prev, hash));
                prev = hash;
            }
            for (int from = 0; from < events.size(); from += AUDIT_ROWS_PER_INSERT) {
                int n = Math.min(AUDIT_ROWS_PER_INSERT, events.size() - from);
                int first = from;
                prepare(INSERT_AUDIT[n], p -> {
                    for (int r = 0; r < n; r++) bindAudit(p, r * 11, events.get(first + r), metadata[first + r]);
                }).executeUpdate();
            }
            cursor.set(new ChainCursor.Head(seq, prev));
            return events;
        });
    }

    private static void bindAudit(PreparedStatement p, int at, AuditEvent e, String metadata) throws java.sql.SQLException {
        p.setLong(at + 1, e.seq());
        p.setString(at + 2, e.id());
        Rows.setString(p, at + 3, e.intentId());
        Rows.setString(p, at + 4, e.taskId());
        p.setString(at + 5, e.eventType());
        Rows.setString(p, at + 6, e.actor());
        Rows.setString(p, at + 7, metadata);
        p.setLong(at + 8, e.createdAt().toEpochMilli());
        p.setString(at + 9, e.prevHash());
        p.setString(at + 10, e.hash());
        Rows.setString(p, at + 11, e.intentId());
    }

    // ---- webhooks ----

    @Override public void insertWebhook(Webhook w) {
        update("INSERT INTO webhooks (" + Rows.WEBHOOK_COLUMNS + ") VALUES (" + Rows.placeholders(6) + ")", ps -> {
            ps.setString(1, w.id());
            ps.setString(2, w.intentId());
            Rows.setString(ps, 3, w.agentId());
            ps.setString(4, w.url());
            Rows.setString(ps, 5, w.secret());
            ps.setLong(6, w.createdAt().toEpochMilli());
        });
    }

    @Override public void insertDelivery(WebhookDelivery d) {
        update("INSERT INTO webhook_deliveries (" + Rows.DELIVERY_COLUMNS + ") VALUES (" + Rows.placeholders(10) + ")",
                ps -> {
                    ps.setString(1, d.id());
                    ps.setString(2, d.webhookId());
                    Rows.setString(ps, 3, d.intentId());
                    ps.setString(4, d.event());
                    Rows.setString(ps, 5, d.actor());
                    ps.setLong(6, d.firedAt().toEpochMilli());
                    ps.setInt(7, d.attempt());
                    Rows.setTime(ps, 8, d.nextAttemptAt());
                    ps.setString(9, d.state());
                    Rows.setString(ps, 10, d.lastError());
                });
    }

    @Override public void updateDelivery(String deliveryId, String state, int attempt, Instant nextAttemptAt,
                                         String lastError) {
        update("UPDATE webhook_deliveries SET state = ?, attempt = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                ps -> {
                    ps.setString(1, state);
                    ps.setInt(2, attempt);
                    Rows.setTime(ps, 3, nextAttemptAt);
                    Rows.setString(ps, 4, lastError);
                    ps.setString(5, deliveryId);
                });
    }

    @Override public void putMeta(String key, String value) {
        update("INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                ps -> {
                    ps.setString(1, key);
                    ps.setString(2, value);
                });
    }

    @Override public dev.tollgate.engine.task.TaskWrites tasks() { return new SqlTaskWrites(this); }
}
