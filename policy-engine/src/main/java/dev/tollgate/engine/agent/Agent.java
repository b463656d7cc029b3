package dev.tollgate.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A registered agent. {@code allowedPolicies}/{@code allowedDestinations} null means "all";
 * both are enforced at evaluation. The key itself is never kept, only its SHA-256.
 */
public record Agent(String id, String name, String owner, String riskTier, AgentStatus status,
                    List<String> allowedPolicies, List<String> allowedDestinations,
                    String framework, JsonNode metadata, Instant createdAt) {
    public Agent withStatus(AgentStatus s) {
        return new Agent(id, name, owner, riskTier, s, allowedPolicies, allowedDestinations, framework, metadata, createdAt);
    }
}
