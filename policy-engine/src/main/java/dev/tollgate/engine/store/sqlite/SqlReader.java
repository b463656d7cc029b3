package dev.tollgate.engine.store.sqlite;

import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.Reviewer;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.execution.Execution;
import dev.tollgate.engine.execution.ExecutionStatus;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentCounts;
import dev.tollgate.engine.intent.IntentQuery;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.store.StoreException;
import dev.tollgate.engine.store.StoreReader;
import dev.tollgate.engine.webhook.Webhook;
import dev.tollgate.engine.webhook.WebhookDelivery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The queries, on one connection, for one job: valid only while that job runs (a job that leaks
 * it into another thread gets an error instead of sharing a connection).
 */
class SqlReader implements StoreReader {
    /** The actor the engine records for decisions no person made (policy, expiry sweep). */
    static final String SYSTEM_ACTOR = "system";

    private static final String INTENT_SELECT = "SELECT " + Rows.INTENT_COLUMNS + " FROM intents";
    private static final String APPROVED_LINEAGE = "'" + IntentStatus.APPROVED.wire() + "', '"
            + IntentStatus.SCHEDULED.wire() + "', '" + IntentStatus.SUCCEEDED.wire() + "', '"
            + IntentStatus.FAILED.wire() + "'";

    protected final StatementCache statements;
    private volatile boolean active = true;

    SqlReader(StatementCache statements) { this.statements = statements; }

    /** Ends the job this reader belongs to. */
    final void end() { active = false; }

    @FunctionalInterface interface Binder { void bind(PreparedStatement ps) throws SQLException; }

    @FunctionalInterface interface Mapper<T> { T map(ResultSet rs) throws SQLException; }

    @FunctionalInterface interface SqlCall<T> { T run() throws SQLException; }

    /** Runs JDBC code, turning its checked exceptions into StoreException (the contract's failure). */
    protected final <T> T sql(SqlCall<T> call) {
        if (!active) throw new IllegalStateException("store transaction used after its job ended");
        try {
            return call.run();
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    protected final PreparedStatement prepare(String sql, Binder binder) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        binder.bind(ps);
        return ps;
    }

    protected final <T> Optional<T> one(String sql, Binder binder, Mapper<T> mapper) {
        return sql(() -> {
            try (ResultSet rs = prepare(sql, binder).executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        });
    }

    protected final <T> List<T> list(String sql, Binder binder, Mapper<T> mapper) {
        return sql(() -> {
            List<T> out = new ArrayList<>();
            try (ResultSet rs = prepare(sql, binder).executeQuery()) {
                while (rs.next()) out.add(mapper.map(rs));
            }
            return out;
        });
    }

    private long count(String sql, Binder binder) {
        return sql(() -> {
            try (ResultSet rs = prepare(sql, binder).executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    // ---- agents and reviewers ----

    @Override public Optional<Agent> agent(String id) {
        return one("SELECT " + Rows.AGENT_COLUMNS + " FROM agents WHERE id = ?", ps -> ps.setString(1, id), Rows::agent);
    }

    @Override public Optional<Agent> agentByKeyHash(String keyHash) {
        return one("SELECT " + Rows.AGENT_COLUMNS + " FROM agents WHERE key_hash = ?",
                ps -> ps.setString(1, keyHash), Rows::agent);
    }

    @Override public List<Agent> agents() {
        return list("SELECT " + Rows.AGENT_COLUMNS + " FROM agents ORDER BY created_at, id", ps -> {}, Rows::agent);
    }

    @Override public Optional<Reviewer> reviewerByKeyHash(String keyHash) {
        return one("SELECT " + Rows.REVIEWER_COLUMNS + " FROM reviewers WHERE key_hash = ?",
                ps -> ps.setString(1, keyHash), Rows::reviewer);
    }

    @Override public List<Reviewer> reviewers() {
        return list("SELECT " + Rows.REVIEWER_COLUMNS + " FROM reviewers ORDER BY created_at, id", ps -> {},
                Rows::reviewer);
    }

    // ---- intents ----

    @Override public Optional<Intent> intent(String id) {
        return one(INTENT_SELECT + " WHERE id = ?", ps -> ps.setString(1, id), Rows::intent);
    }

    @Override public List<Intent> intents(IntentQuery q) {
        EqualityFilter f = new EqualityFilter().eq("status", q.status() == null ? null : q.status().wire())
                .eq("agent_id", q.agentId());
        return list(INTENT_SELECT + f.where() + " ORDER BY created_at DESC, id DESC LIMIT ?", ps -> f.bind(ps, q.limit()),
                Rows::intent);
    }

    @Override public Optional<Intent> intentByIdempotencyKey(String agentId, String idempotencyKey) {
        return one(INTENT_SELECT + " WHERE agent_id = ? AND idempotency_key = ?", ps -> {
            ps.setString(1, agentId);
            ps.setString(2, idempotencyKey);
        }, Rows::intent);
    }

    /**
     * The condition is word for word that of the partial index {@code intents_live_digest} (migration V3):
     * SQLite uses a partial index only when the query repeats its condition with the same literals.
     * The index then holds only live rows, so the lookup stays one seek however many finished
     * intents share the digest (every request of a polling agent does).
     */
    static final String LIVE_BY_DIGEST = INTENT_SELECT + " WHERE agent_id = ? AND request_digest = ? AND"
            + " (status = 'pending_approval' OR (status = 'approved' AND used_at IS NULL))"
            + " ORDER BY created_at DESC, id DESC LIMIT 1";

    /**
     * The literal matches the partial index {@code intents_pending_expires} (migration V3); without
     * statistics the planner prefers intents_status_created and walks every pending intent.
     */
    static final String OVERDUE_PENDING = INTENT_SELECT + " INDEXED BY intents_pending_expires"
            + " WHERE status = 'pending_approval' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?";

    /**
     * Through {@code audit_events_intent (intent_created, intent_id, seq)} (migration V5): the
     * intent's creation time first, so that the index grows at its right edge. Binds the id twice.
     */
    static final String AUDIT_FOR_INTENT = "SELECT " + Rows.AUDIT_COLUMNS + " FROM audit_events"
            + " WHERE intent_created = (SELECT created_at FROM intents WHERE id = ?) AND intent_id = ? ORDER BY seq";
    static final String AUDIT_FOR_TASK = "SELECT " + Rows.AUDIT_COLUMNS + " FROM audit_events WHERE task_id = ? ORDER BY seq";

    @Override public Optional<Intent> liveIntentByRequestDigest(String agentId, String requestDigest) {
        return one(LIVE_BY_DIGEST, ps -> {
                    ps.setString(1, agentId);
                    ps.setString(2, requestDigest);
                }, Rows::intent);
    }

    @Override public long countIntentsSince(String agentId, Instant since) {
        return count("SELECT COUNT(*) FROM intents WHERE agent_id = ? AND created_at >= ?", ps -> {
            ps.setString(1, agentId);
            ps.setLong(2, since.toEpochMilli());
        });
    }

    @Override public List<Intent> overduePending(Instant now, int limit) {
        return list(OVERDUE_PENDING, ps -> {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, limit);
        }, Rows::intent);
    }

    @Override public IntentCounts intentCounts() {
        Map<IntentStatus, Long> byStatus = new EnumMap<>(IntentStatus.class);
        for (Map.Entry<String, Long> row : list("SELECT status, COUNT(*) FROM intents GROUP BY status", ps -> {},
                rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
            IntentStatus.fromWire(row.getKey()).ifPresent(s -> byStatus.put(s, row.getValue()));
        }
        long duplicates = count("SELECT value FROM counters WHERE name = ?",
                ps -> ps.setString(1, IntentCounts.DUPLICATES_COUNTER));
        // Approval latency counts intents a person approved: their status is approved or one that
        // only follows approval, and the decider is not the engine itself.
        long avg = sql(() -> {
            try (ResultSet rs = prepare("SELECT AVG(decided_at - created_at) FROM intents"
                    + " WHERE status IN (" + APPROVED_LINEAGE + ") AND decided_at IS NOT NULL"
                    + " AND decided_by IS NOT NULL AND decided_by <> ?",
                    ps -> ps.setString(1, SYSTEM_ACTOR)).executeQuery()) {
                if (!rs.next()) return 0L;
                double v = rs.getDouble(1);
                return rs.wasNull() ? 0L : Math.round(v);
            }
        });
        return new IntentCounts(Map.copyOf(byStatus), duplicates, avg);
    }

    // ---- executions ----

    @Override public Optional<Execution> execution(String id) {
        return one("SELECT " + Rows.EXECUTION_COLUMNS + " FROM executions WHERE id = ?", ps -> ps.setString(1, id),
                Rows::execution);
    }

    @Override public Optional<Execution> executionByTokenHash(String tokenHash) {
        return one("SELECT " + Rows.EXECUTION_COLUMNS + " FROM executions WHERE token_hash = ?",
                ps -> ps.setString(1, tokenHash), Rows::execution);
    }

    @Override public Optional<Execution> activeExecution(String intentId) {
        return one("SELECT " + Rows.EXECUTION_COLUMNS + " FROM executions WHERE intent_id = ? AND status IN (?, ?)"
                + " ORDER BY created_at DESC, id DESC LIMIT 1", ps -> {
                    ps.setString(1, intentId);
                    ps.setString(2, ExecutionStatus.PENDING.wire());
                    ps.setString(3, ExecutionStatus.EXECUTING.wire());
                }, Rows::execution);
    }

    @Override public Optional<String> executionTokenHash(String executionId) {
        return one("SELECT token_hash FROM executions WHERE id = ?", ps -> ps.setString(1, executionId),
                rs -> rs.getString(1));
    }

    // ---- audit ----

    @Override public List<AuditEvent> auditForIntent(String intentId) {
        return list(AUDIT_FOR_INTENT, ps -> {
            ps.setString(1, intentId);
            ps.setString(2, intentId);
        }, Rows::audit);
    }

    @Override public List<AuditEvent> auditForTask(String taskId) {
        return list(AUDIT_FOR_TASK,
                ps -> ps.setString(1, taskId), Rows::audit);
    }

    @Override public List<AuditEvent> auditSince(long afterSeq, int limit) {
        return list("SELECT " + Rows.AUDIT_COLUMNS + " FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?", ps -> {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
        }, Rows::audit);
    }

    // ---- webhooks ----

    @Override public List<Webhook> webhooksForIntent(String intentId) {
        return list("SELECT " + Rows.WEBHOOK_COLUMNS + " FROM webhooks WHERE intent_id = ? ORDER BY created_at, id",
                ps -> ps.setString(1, intentId), Rows::webhook);
    }

    @Override public Optional<Webhook> webhook(String id) {
        return one("SELECT " + Rows.WEBHOOK_COLUMNS + " FROM webhooks WHERE id = ?", ps -> ps.setString(1, id),
                Rows::webhook);
    }

    @Override public List<WebhookDelivery> dueDeliveries(Instant now, int limit) {
        return list("SELECT " + Rows.DELIVERY_COLUMNS + " FROM webhook_deliveries"
                + " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?", ps -> {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setInt(2, limit);
                }, Rows::delivery);
    }

    @Override public Optional<String> meta(String key) {
        return one("SELECT value FROM meta WHERE name = ?", ps -> ps.setString(1, key), rs -> rs.getString(1));
    }

    @Override public dev.tollgate.engine.task.TaskReads taskReads() { return new SqlTaskReads(this); }
}
