package dev.tollgate.engine.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An execution order for an approved intent. The one-time {@code gex_} token is shown once at
 * creation; only its SHA-256 is stored.
 */
public record Execution(String id, String intentId, String agentId, String mode, ExecutionStatus status,
                        JsonNode workerReport, Instant createdAt, Instant expiresAt, Instant completedAt) {}
