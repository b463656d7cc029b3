package dev.tollgate.engine.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.agent.Reviewer;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.execution.Execution;
import dev.tollgate.engine.execution.ExecutionStatus;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ReasonCode;
import dev.tollgate.engine.intent.RiskLevel;
import dev.tollgate.engine.store.StoreException;
import dev.tollgate.engine.util.Json;
import dev.tollgate.engine.webhook.Webhook;
import dev.tollgate.engine.webhook.WebhookDelivery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Column lists, parameter binding and row mapping. Times are epoch milliseconds, JSON is TEXT,
 * enums are their wire names; an unknown enum value in a row is corruption, reported as such.
 */
final class Rows {
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    static final String AGENT_COLUMNS = "id, name, owner, risk_tier, status, allowed_policies, allowed_destinations,"
            + " framework, metadata, created_at";
    static final String REVIEWER_COLUMNS = "id, name, active, created_at";
    static final String INTENT_COLUMNS = "id, agent_id, agent_name, on_behalf_of, destination, policy_id,"
            + " policy_version, payload_hash, payload_type, payload_size, record_count, status, reason_code,"
            + " block_reason, risk_score, risk_level, idempotency_key, metadata, request_digest, used_at, created_at,"
            + " expires_at, decided_at, decided_by, estimated_value_usd, sensitivity_tags";
    static final String EXECUTION_COLUMNS = "id, intent_id, agent_id, mode, status, worker_report, created_at,"
            + " expires_at, completed_at";
    static final String AUDIT_COLUMNS = "seq, id, intent_id, task_id, event_type, actor, metadata, created_at,"
            + " prev_hash, hash";
    static final String WEBHOOK_COLUMNS = "id, intent_id, agent_id, url, secret, created_at";
    static final String DELIVERY_COLUMNS = "id, webhook_id, intent_id, event, actor, fired_at, attempt,"
            + " next_attempt_at, state, last_error";

    private Rows() {}

    /** "?, ?, ?" for an IN list or a VALUES clause. */
    static String placeholders(int n) {
        StringBuilder sb = new StringBuilder(n * 3);
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "?" : ", ?");
        return sb.toString();
    }

    // ---- binding ----

    static void setString(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) ps.setNull(i, Types.VARCHAR);
        else ps.setString(i, v);
    }

    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, v);
    }

    static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) ps.setNull(i, Types.DOUBLE);
        else ps.setDouble(i, v);
    }

    static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
        setLong(ps, i, t == null ? null : t.toEpochMilli());
    }

    static void setJson(PreparedStatement ps, int i, Object value) throws SQLException {
        setString(ps, i, json(value));
    }

    /** JSON text of a node or list; SQL NULL for null (a JSON null node too: "absent" has one spelling). */
    static String json(Object value) {
        if (value == null || (value instanceof JsonNode n && (n.isNull() || n.isMissingNode()))) return null;
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    // ---- reading ----

    static Instant time(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    static Double nullableDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    static JsonNode jsonNode(ResultSet rs, int i) throws SQLException {
        String text = rs.getString(i);
        if (text == null) return null;
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON in column " + rs.getMetaData().getColumnName(i), e);
        }
    }

    static List<String> stringList(ResultSet rs, int i) throws SQLException {
        String text = rs.getString(i);
        if (text == null) return null;
        try {
            return Json.MAPPER.readValue(text, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON list in column " + rs.getMetaData().getColumnName(i), e);
        }
    }

    static Agent agent(ResultSet rs) throws SQLException {
        return new Agent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                enumValue(rs.getString(5), "agent status", AgentStatus::fromWire),
                stringList(rs, 6), stringList(rs, 7), rs.getString(8), jsonNode(rs, 9), time(rs, 10));
    }

    static Reviewer reviewer(ResultSet rs) throws SQLException {
        return new Reviewer(rs.getString(1), rs.getString(2), rs.getBoolean(3), time(rs, 4));
    }

    static Intent intent(ResultSet rs) throws SQLException {
        String status = rs.getString(12);
        String reason = rs.getString(13);
        String risk = rs.getString(16);
        List<String> tags = stringList(rs, 26);
        return new Intent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10),
                nullableLong(rs, 11),
                IntentStatus.fromWire(status).orElseThrow(() -> corrupt("intent status", status)),
                reason == null ? null : ReasonCode.fromWire(reason).orElseThrow(() -> corrupt("reason code", reason)),
                rs.getString(14), rs.getDouble(15),
                risk == null ? null : enumValue(risk, "risk level", s -> RiskLevel.valueOf(s.toUpperCase(Locale.ROOT))),
                rs.getString(17), jsonNode(rs, 18), rs.getString(19), time(rs, 20), time(rs, 21), time(rs, 22),
                time(rs, 23), rs.getString(24), nullableDouble(rs, 25), tags == null ? List.of() : tags);
    }

    static Execution execution(ResultSet rs) throws SQLException {
        return new Execution(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                enumValue(rs.getString(5), "execution status", ExecutionStatus::fromWire), jsonNode(rs, 6),
                time(rs, 7), time(rs, 8), time(rs, 9));
    }

    static AuditEvent audit(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), jsonNode(rs, 7), time(rs, 8), rs.getString(9), rs.getString(10));
    }

    static Webhook webhook(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                time(rs, 6));
    }

    static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        return new WebhookDelivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), time(rs, 6), rs.getInt(7), time(rs, 8), rs.getString(9), rs.getString(10));
    }

    private interface Parser<E> { E parse(String s); }

    private static <E> E enumValue(String s, String what, Parser<E> parser) {
        try {
            return parser.parse(s);
        } catch (RuntimeException e) {
            throw corrupt(what, s);
        }
    }

    private static StoreException corrupt(String what, String value) {
        return new StoreException("unknown " + what + " '" + value + "' in the database (written by a newer Tollgate?)");
    }
}
