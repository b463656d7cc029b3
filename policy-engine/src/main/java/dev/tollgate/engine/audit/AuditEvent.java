package dev.tollgate.engine.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One link of the hash chain. {@code hash = HMAC-SHA256(audit.key, prevHash || canonical JSON of
 * the event without its hashes)}; see {@link AuditDraft} for what callers supply.
 */
public record AuditEvent(long seq, String id, String intentId, String taskId, String eventType, String actor,
                         JsonNode metadata, Instant createdAt, String prevHash, String hash) {}
