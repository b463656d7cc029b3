package dev.tollgate.engine.intent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * What an agent proposes, already validated for shape by the API layer.
 *
 * @param payloadType   explicit type (the proxy derives it from Content-Type); null to infer
 * @param payloadSize   size in bytes of the whole payload (the proxy may stream more than it inspects)
 * @param expiresIn     approval window; null = the policy's expiry_minutes, else 60 minutes
 * @param requestDigest proxied requests only: binds approval to exactly one request
 */
public record Proposal(String destination, String policy, String payload, String payloadType, long payloadSize,
                       Long recordCount, Double estimatedValueUsd, List<String> sensitivityTags,
                       String idempotencyKey, String onBehalfOf, Duration expiresIn, ObjectNode metadata,
                       String requestDigest) {
    public Proposal {
        sensitivityTags = sensitivityTags == null ? List.of() : List.copyOf(sensitivityTags);
    }
}
