package dev.tollgate.engine.store;

import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.agent.Reviewer;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.execution.Execution;
import dev.tollgate.engine.execution.ExecutionStatus;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.webhook.Webhook;
import dev.tollgate.engine.webhook.WebhookDelivery;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Writes inside one job of a group transaction. Every method returning boolean is a
 * compare-and-set: it reports whether the row was in the expected state and was changed.
 */
public interface StoreTx extends StoreReader {
    void insertAgent(Agent agent, String keyHash);

    boolean setAgentStatus(String agentId, AgentStatus status);

    void insertReviewer(Reviewer reviewer, String keyHash);

    /**
     * Inserts an intent. Returns false, inserting nothing, when the same agent already has an
     * intent with the same idempotency key (a unique constraint, not a prior read).
     */
    boolean insertIntent(Intent intent);

    /**
     * Moves an intent from one of {@code from} to {@code to} and records the decision fields.
     * Returns false when its status was not one of {@code from}.
     */
    boolean casIntentStatus(String intentId, Set<IntentStatus> from, Intent updated);

    /** Marks an approved proxied intent used; false when it was used already or is not approved. */
    boolean markIntentUsed(String intentId, Instant at);

    /**
     * Moves an approved intent that was used by its forward to its outcome ({@code succeeded} or
     * {@code failed}); false when it is not approved-and-used (already reported, or never used).
     */
    boolean completeUsedIntent(String intentId, IntentStatus outcome);

    /** Adds one to a named counter (e.g. duplicates refused). */
    void incrementCounter(String name);

    void insertExecution(Execution execution, String tokenHash);

    boolean casExecutionStatus(String executionId, Set<ExecutionStatus> from, ExecutionStatus to,
                               JsonNode workerReport, Instant completedAt);

    /** Appends to the audit hash chain: assigns seq, id, prev_hash and hash. */
    AuditEvent appendAudit(AuditDraft draft);

    /** Appends several events in order, each linked to the one before: as many appendAudit calls, done at once. */
    default List<AuditEvent> appendAudits(List<AuditDraft> drafts) {
        List<AuditEvent> events = new java.util.ArrayList<>(drafts.size());
        for (AuditDraft d : drafts) events.add(appendAudit(d));
        return events;
    }

    void insertWebhook(Webhook webhook);

    void insertDelivery(WebhookDelivery delivery);

    /** Records an attempt: state, attempt count, next attempt (null when final) and last error. */
    void updateDelivery(String deliveryId, String state, int attempt, Instant nextAttemptAt, String lastError);

    void putMeta(String key, String value);

    /** Task-channel writes (and reads) in this job. */
    dev.tollgate.engine.task.TaskWrites tasks();
}
