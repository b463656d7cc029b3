package dev.tollgate.engine.webhook;

import java.time.Instant;

/** A receiver registered for one intent's events. The secret signs deliveries. */
public record Webhook(String id, String intentId, String agentId, String url, String secret, Instant createdAt) {}
