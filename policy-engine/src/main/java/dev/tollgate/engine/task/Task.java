package dev.tollgate.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One task (§7.2): the dispatch contract plus its status. JSON fields may be null. */
public record Task(String id, String gatewayId, String agentId, Identity identity, JsonNode toolInvocation,
                   JsonNode cacheContext, JsonNode metadata, TaskStatus status, Instant createdAt,
                   Instant updatedAt) {
    public boolean running() { return status == TaskStatus.RUNNING; }
}
