package dev.tollgate.tasks.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.store.StoreTx;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.util.Json;
import java.time.Instant;
import java.util.List;

/**
 * Appends task-channel audit events with the attribution every one of them carries (§7.8):
 * {@code task_id} on the event, and {@code step_id}, {@code gateway_id}, {@code agent_id},
 * {@code user_id}, {@code team_id}, {@code org_id} in its metadata (null when not applicable),
 * then the event's own fields. Output and environment values are never passed in here: results
 * are reduced to {@link #resultFacts} first.
 */
final class TaskAudit {
    static final String SYSTEM = "system";

    /** Scalar result fields that describe a run without revealing its output. */
    private static final List<String> RESULT_FACTS = List.of("exit_code", "timed_out", "duration_ms",
            "stdout_truncated", "stderr_truncated", "eof", "entries", "matches", "size", "error_code");

    private TaskAudit() {}

    static ObjectNode meta(Task task, String stepId) {
        ObjectNode m = Json.object();
        m.put("step_id", stepId);
        m.put("gateway_id", task.gatewayId());
        m.put("agent_id", task.agentId());
        m.put("user_id", task.identity().userId());
        m.put("team_id", task.identity().teamId());
        m.put("org_id", task.identity().orgId());
        return m;
    }

    static void append(StoreTx tx, Task task, String stepId, String type, String actor, Instant at, ObjectNode fields) {
        ObjectNode m = meta(task, stepId);
        if (fields != null) m.setAll(fields);
        tx.appendAudit(new AuditDraft(null, task.id(), type, actor, m, at));
    }

    /**
     * What an audit may say about a result: whitelisted scalar facts and the sizes of the output
     * streams (in UTF-8 bytes), never the output itself.
     */
    static ObjectNode resultFacts(JsonNode result) {
        ObjectNode facts = Json.object();
        if (result == null || !result.isObject()) return facts;
        for (String f : RESULT_FACTS) {
            JsonNode v = result.get(f);
            if (v != null && v.isValueNode() && !v.isTextual()) facts.set(f, v);
        }
        for (String stream : List.of("stdout", "stderr", "text", "content_base64")) {
            JsonNode v = result.get(stream);
            if (v != null && v.isTextual()) {
                facts.put(stream + "_bytes", v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            }
        }
        return facts;
    }
}
