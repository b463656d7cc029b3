package dev.tollgate.engine.store;

import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.Reviewer;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.execution.Execution;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentCounts;
import dev.tollgate.engine.intent.IntentQuery;
import dev.tollgate.engine.webhook.Webhook;
import dev.tollgate.engine.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read operations; available to read jobs and, inside a write, seeing that transaction's writes. */
public interface StoreReader {
    Optional<Agent> agent(String id);

    Optional<Agent> agentByKeyHash(String keyHash);

    List<Agent> agents();

    Optional<Reviewer> reviewerByKeyHash(String keyHash);

    List<Reviewer> reviewers();

    Optional<Intent> intent(String id);

    /** Newest first. */
    List<Intent> intents(IntentQuery query);

    Optional<Intent> intentByIdempotencyKey(String agentId, String idempotencyKey);

    /**
     * The newest live intent of {@code agentId} for this request digest: pending, or approved and
     * not yet used. (What an identical re-send from an agent joins.)
     */
    Optional<Intent> liveIntentByRequestDigest(String agentId, String requestDigest);

    /** Intents of {@code agentId} created at or after {@code since} (rate limits). */
    long countIntentsSince(String agentId, Instant since);

    /** Pending intents whose {@code expiresAt} is at or before {@code now} (the window has elapsed), oldest first. */
    List<Intent> overduePending(Instant now, int limit);

    IntentCounts intentCounts();

    Optional<Execution> execution(String id);

    Optional<Execution> executionByTokenHash(String tokenHash);

    /** The execution of this intent that is pending or executing, if any. */
    Optional<Execution> activeExecution(String intentId);

    /** Token hash of an execution (for checking a worker's report); empty when unknown. */
    Optional<String> executionTokenHash(String executionId);

    List<AuditEvent> auditForIntent(String intentId);

    List<AuditEvent> auditForTask(String taskId);

    /** Events with {@code seq > afterSeq}, ascending, at most {@code limit}. */
    List<AuditEvent> auditSince(long afterSeq, int limit);

    List<Webhook> webhooksForIntent(String intentId);

    Optional<Webhook> webhook(String id);

    /** Pending deliveries whose next attempt is due at {@code now}, oldest first. */
    List<WebhookDelivery> dueDeliveries(Instant now, int limit);

    /** Small settings kept with the data (e.g. a fingerprint of the audit key). */
    Optional<String> meta(String key);

    /** Task-channel reads in this job. */
    dev.tollgate.engine.task.TaskReads taskReads();
}
