package dev.tollgate.engine.intent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One proposed action and its decision. The payload itself is never stored: only its SHA-256,
 * its type and size (what a reviewer's "payload hint" shows), so secrets in payloads stay out
 * of the database.
 *
 * @param requestDigest for proxied requests: SHA-256 over method, absolute URL and body hash;
 *                      binds the approval to exactly that request (null for SDK intents)
 * @param usedAt        when a proxied request consumed the approval (single use); null until then
 */
public record Intent(
        String id,
        String agentId,
        String agentName,
        String onBehalfOf,
        String destination,
        String policyId,
        String policyVersion,
        String payloadHash,
        String payloadType,
        long payloadSize,
        Long recordCount,
        IntentStatus status,
        ReasonCode reasonCode,
        String blockReason,
        double riskScore,
        RiskLevel riskLevel,
        String idempotencyKey,
        JsonNode metadata,
        String requestDigest,
        Instant usedAt,
        Instant createdAt,
        Instant expiresAt,
        Instant decidedAt,
        String decidedBy,
        Double estimatedValueUsd,
        List<String> sensitivityTags) {

    public Intent {
        sensitivityTags = sensitivityTags == null ? List.of() : List.copyOf(sensitivityTags);
    }

    public boolean isPending() { return status == IntentStatus.PENDING_APPROVAL; }

    /** A decision applied to this intent, as a new record. */
    public Intent decided(IntentStatus newStatus, ReasonCode code, String reason, String by, Instant at) {
        return new Intent(id, agentId, agentName, onBehalfOf, destination, policyId, policyVersion, payloadHash,
                payloadType, payloadSize, recordCount, newStatus, code, reason, riskScore, riskLevel,
                idempotencyKey, metadata, requestDigest, usedAt, createdAt, expiresAt, at, by,
                estimatedValueUsd, sensitivityTags);
    }

    public Intent withStatus(IntentStatus newStatus) {
        return new Intent(id, agentId, agentName, onBehalfOf, destination, policyId, policyVersion, payloadHash,
                payloadType, payloadSize, recordCount, newStatus, reasonCode, blockReason, riskScore, riskLevel,
                idempotencyKey, metadata, requestDigest, usedAt, createdAt, expiresAt, decidedAt, decidedBy,
                estimatedValueUsd, sensitivityTags);
    }

    public Intent withUsedAt(Instant at) {
        return new Intent(id, agentId, agentName, onBehalfOf, destination, policyId, policyVersion, payloadHash,
                payloadType, payloadSize, recordCount, status, reasonCode, blockReason, riskScore, riskLevel,
                idempotencyKey, metadata, requestDigest, at, createdAt, expiresAt, decidedAt, decidedBy,
                estimatedValueUsd, sensitivityTags);
    }
}
