package dev.tollgate.engine.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.EngineException;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.audit.AuditTypes;
import dev.tollgate.engine.auth.KeyKind;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentListener;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.util.Ids;
import dev.tollgate.engine.util.Json;
import dev.tollgate.engine.webhook.WebhookEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Execution orders: an approved intent is executed at most once. Issuing the order moves the
 * intent approved → scheduled as a compare-and-set, so two concurrent executes cannot both win.
 */
public final class ExecutionService {
    public static final Duration TOKEN_TTL = Duration.ofMinutes(15);
    public static final String MODE = "runner_exec";

    private final Store store;
    private final Clock clock;
    private final IntentListener listener;

    public ExecutionService(Store store, Clock clock, IntentListener listener) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    /** An issued order with its one-time token, shown to the caller once. */
    public record Order(Execution execution, String token) {}

    /** @param ownerAgentId the caller's agent id, or empty for the admin (who may execute any intent) */
    public CompletableFuture<Order> execute(String intentId, Optional<String> ownerAgentId, String actor) {
        return store.write(tx -> {
            Instant now = clock.instant();
            Intent intent = tx.intent(intentId).filter(i -> ownerAgentId.isEmpty() || ownerAgentId.get().equals(i.agentId()))
                    .orElseThrow(() -> EngineException.notFound("intent " + intentId));
            if (tx.activeExecution(intentId).isPresent()) {
                throw EngineException.conflict("execution_active", "intent " + intentId + " already has an active execution");
            }
            if (intent.status() != IntentStatus.APPROVED) {
                throw EngineException.conflict("not_approved", "intent " + intentId + " is " + intent.status().wire()
                        + "; only an approved intent can be executed, once");
            }
            if (intent.usedAt() != null) {
                throw EngineException.conflict("intent_already_used", "intent " + intentId + " was already used by the proxy");
            }
            Intent scheduled = intent.withStatus(IntentStatus.SCHEDULED);
            if (!tx.casIntentStatus(intentId, Set.of(IntentStatus.APPROVED), scheduled)) {
                throw EngineException.conflict("not_approved", "intent " + intentId + " changed concurrently");
            }
            String token = KeyKind.EXECUTION_TOKEN.generate();
            Execution e = new Execution(Ids.execution(), intentId, intent.agentId(), MODE, ExecutionStatus.PENDING,
                    null, now, now.plus(TOKEN_TTL), null);
            tx.insertExecution(e, Hashing.sha256Hex(token));
            tx.appendAudit(AuditDraft.forIntent(intentId, AuditTypes.EXECUTION_REQUESTED, actor,
                    Json.object().put("execution_id", e.id()).put("mode", MODE), now));
            return new Issued(new Order(e, token), scheduled);
        }).thenApply(issued -> {
            // The listener hears the state this job committed, not whatever a later read would find.
            listener.onChanged(issued.intent);
            return issued.order;
        });
    }

    /**
     * Who may report: the holder of the execution's own token, the owning agent, or the admin.
     * The caller resolves that; {@code ownerAgentId} empty means the token or admin was checked.
     */
    public CompletableFuture<Execution> report(String executionId, Optional<String> ownerAgentId, boolean succeeded,
                                               JsonNode report, String actor) {
        return store.write(tx -> {
            Instant now = clock.instant();
            Execution e = tx.execution(executionId).filter(x -> ownerAgentId.isEmpty() || ownerAgentId.get().equals(x.agentId()))
                    .orElseThrow(() -> EngineException.notFound("execution " + executionId));
            if (e.status() != ExecutionStatus.PENDING && e.status() != ExecutionStatus.EXECUTING) {
                throw EngineException.conflict("already_reported", "execution " + executionId + " is already " + e.status().wire());
            }
            if (!now.isBefore(e.expiresAt())) {
                tx.casExecutionStatus(executionId, Set.of(ExecutionStatus.PENDING, ExecutionStatus.EXECUTING),
                        ExecutionStatus.EXPIRED, null, now);
                return new Reported(null, null);
            }
            ExecutionStatus to = succeeded ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
            if (!tx.casExecutionStatus(executionId, Set.of(ExecutionStatus.PENDING, ExecutionStatus.EXECUTING), to, report, now)) {
                throw EngineException.conflict("already_reported", "execution " + executionId + " was reported concurrently");
            }
            Intent intent = tx.intent(e.intentId()).orElseThrow();
            Intent finished = intent.withStatus(succeeded ? IntentStatus.SUCCEEDED : IntentStatus.FAILED);
            if (!tx.casIntentStatus(intent.id(), Set.of(IntentStatus.SCHEDULED), finished)) {
                throw EngineException.conflict("not_scheduled", "intent " + intent.id() + " is " + intent.status().wire()
                        + ", not scheduled; the report was not recorded");
            }
            String event = succeeded ? AuditTypes.EXECUTION_SUCCEEDED : AuditTypes.EXECUTION_FAILED;
            tx.appendAudit(AuditDraft.forIntent(intent.id(), event, actor,
                    Json.object().put("execution_id", executionId).set("report", report), now));
            WebhookEvents.enqueue(tx, intent.id(), event, actor, now);
            return new Reported(tx.execution(executionId).orElseThrow(), finished);
        }).thenApply(r -> {
            if (r.execution == null) {
                throw new EngineException(EngineException.Kind.GONE, "execution_expired",
                        "execution " + executionId + " expired before it was reported");
            }
            listener.onChanged(r.intent);
            return r.execution;
        });
    }

    private record Reported(Execution execution, Intent intent) {}

    private record Issued(Order order, Intent intent) {}

    /** Whether {@code token} is the one-time token of {@code executionId}. */
    public CompletableFuture<Boolean> tokenMatches(String executionId, String token) {
        String hash = Hashing.sha256Hex(token);
        return store.read(r -> r.executionTokenHash(executionId).map(h -> Hashing.constantTimeEquals(h, hash)).orElse(false));
    }

    public CompletableFuture<Optional<Execution>> get(String executionId) {
        return store.read(r -> r.execution(executionId));
    }
}
