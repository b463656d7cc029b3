package dev.tollgate.engine.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** What a caller supplies to append an audit event; the store assigns seq, id and the hashes. */
public record AuditDraft(String intentId, String taskId, String eventType, String actor, JsonNode metadata,
                         Instant createdAt) {
    public static AuditDraft forIntent(String intentId, String eventType, String actor, JsonNode metadata,
                                       Instant at) {
        return new AuditDraft(intentId, null, eventType, actor, metadata, at);
    }
}
