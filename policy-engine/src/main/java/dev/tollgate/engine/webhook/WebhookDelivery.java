package dev.tollgate.engine.webhook;

import java.time.Instant;

/**
 * One event to deliver to one webhook, persisted in the transaction that caused it, so it
 * survives restarts (at-least-once; receivers drop repeats by {@code id}).
 *
 * @param attempt       attempts made so far
 * @param nextAttemptAt when the dispatcher should try next; null once delivered or given up
 * @param state         pending | delivered | failed (given up after 24 h)
 */
public record WebhookDelivery(String id, String webhookId, String intentId, String event, String actor,
                              Instant firedAt, int attempt, Instant nextAttemptAt, String state,
                              String lastError) {}
