package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.execution.Execution;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.util.Json;
import java.time.Instant;
import java.util.List;

/**
 * Zehrava Gate's wire shapes. Its server answers with a mix of camelCase and snake_case that its
 * SDKs read both ways, so both spellings are sent where Zehrava sends both.
 */
public final class WireJson {
    private WireJson() {}

    static String iso(Instant t) { return t == null ? null : t.toString(); }

    /** The body of a propose answer. */
    public static ObjectNode proposeResult(Intent i) {
        ObjectNode n = Json.object();
        n.put("intentId", i.id()).put("proposalId", i.id()).put("status", i.status().wire())
                .put("reason_code", i.reasonCode() == null ? null : i.reasonCode().wire())
                .put("blockReason", i.blockReason()).put("expiresAt", iso(i.expiresAt()))
                .put("riskScore", i.riskScore()).put("riskLevel", i.riskLevel().wire())
                .put("risk_score", i.riskScore()).put("risk_level", i.riskLevel().wire())
                .put("policy", i.policyId()).put("destination", i.destination());
        return n;
    }

    public static ObjectNode intent(Intent i) {
        ObjectNode n = proposeResult(i);
        n.put("id", i.id()).put("agentId", i.agentId()).put("agent_id", i.agentId()).put("agentName", i.agentName())
                .put("on_behalf_of", i.onBehalfOf()).put("policy_version", i.policyVersion())
                .put("block_reason", i.blockReason()).put("recordCount", i.recordCount())
                .put("record_count", i.recordCount()).put("payload_hash", i.payloadHash())
                .put("payload_type", i.payloadType()).put("payload_size", i.payloadSize())
                .put("idempotency_key", i.idempotencyKey()).put("created_at", iso(i.createdAt()))
                .put("createdAt", iso(i.createdAt())).put("expires_at", iso(i.expiresAt()))
                .put("decided_at", iso(i.decidedAt())).put("decided_by", i.decidedBy())
                .put("estimated_value_usd", i.estimatedValueUsd());
        ArrayNode tags = n.putArray("sensitivity_tags");
        i.sensitivityTags().forEach(tags::add);
        n.set("metadata", i.metadata());
        if (i.requestDigest() != null) {
            n.put("request_digest", i.requestDigest()).put("used_at", iso(i.usedAt()));
        }
        return n;
    }

    public static ObjectNode decision(Intent i) {
        return Json.object().put("intent_id", i.id()).put("intentId", i.id()).put("decision", i.status().wire())
                .put("status", i.status().wire())
                .put("reason_code", i.reasonCode() == null ? null : i.reasonCode().wire())
                .put("blockReason", i.blockReason()).put("risk_score", i.riskScore())
                .put("risk_level", i.riskLevel().wire()).put("policy", i.policyId())
                .put("policy_version", i.policyVersion())
                .put("evaluated_at", iso(i.createdAt())).put("decided_at", iso(i.decidedAt()))
                .put("decided_by", i.decidedBy());
    }

    public static ObjectNode auditEvent(AuditEvent e) {
        ObjectNode n = Json.object().put("seq", e.seq()).put("id", e.id()).put("intent_id", e.intentId())
                .put("proposal_id", e.intentId()).put("task_id", e.taskId()).put("event_type", e.eventType())
                .put("eventType", e.eventType()).put("actor", e.actor()).put("created_at", iso(e.createdAt()))
                .put("createdAt", iso(e.createdAt())).put("prev_hash", e.prevHash()).put("hash", e.hash());
        n.set("metadata", e.metadata());
        return n;
    }

    public static ArrayNode auditEvents(List<AuditEvent> events) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        events.forEach(e -> a.add(auditEvent(e)));
        return a;
    }

    public static ObjectNode agent(Agent a) {
        ObjectNode n = Json.object().put("agentId", a.id()).put("agent_id", a.id()).put("name", a.name())
                .put("owner", a.owner()).put("riskTier", a.riskTier()).put("status", a.status().wire())
                .put("framework", a.framework()).put("created_at", iso(a.createdAt()));
        if (a.allowedPolicies() != null) a.allowedPolicies().forEach(n.putArray("allowed_policies")::add);
        if (a.allowedDestinations() != null) a.allowedDestinations().forEach(n.putArray("allowed_destinations")::add);
        n.set("metadata", a.metadata());
        return n;
    }

    public static ObjectNode execution(Execution e) {
        ObjectNode n = Json.object().put("executionId", e.id()).put("execution_id", e.id())
                .put("intent_id", e.intentId()).put("mode", e.mode()).put("status", e.status().wire())
                .put("created_at", iso(e.createdAt())).put("expires_at", iso(e.expiresAt()))
                .put("completed_at", iso(e.completedAt()));
        n.set("worker_report", e.workerReport());
        return n;
    }
}
