package dev.tollgate.engine.intent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.EngineException;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.audit.AuditTypes;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.util.Json;
import dev.tollgate.engine.webhook.WebhookEvents;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Single use of approvals by proxied requests (SPEC §5.3): an intent authorises exactly one
 * forward of exactly the request it was created for, bound by the request digest.
 */
public final class ProxyIntents {
    private final IntentService intents;
    private final Store store;

    public ProxyIntents(IntentService intents) {
        this.intents = intents;
        this.store = intents.store();
    }

    /**
     * Proposes a proxied request ({@code p.requestDigest()} set): joins the agent's identical
     * pending or approved-unused intent, or creates one; an approved result is already claimed for
     * this request's single forward ({@code usedAt} set, {@code execution_requested} recorded).
     * Forward when the result's intent is approved with {@code usedAt} set.
     */
    public CompletableFuture<ProposeResult> propose(Proposal p, Principal proposer, String agentId,
                                                    List<String> allowedPolicies, List<String> allowedDestinations) {
        if (p.requestDigest() == null) throw new IllegalArgumentException("a proxied proposal needs a request digest");
        return intents.propose(p, proposer, agentId, allowedPolicies, allowedDestinations, true);
    }

    /**
     * Records a proxied request that no destination rule maps (and no default policy covers):
     * blocked with {@code destination_not_allowed}, audited like every other request.
     */
    public CompletableFuture<ProposeResult> proposeUnroutable(Proposal p, Principal proposer, String agentId,
                                                              String reason) {
        return intents.recordBlocked(p, proposer, agentId, ReasonCode.DESTINATION_NOT_ALLOWED, reason);
    }

    /**
     * Claims intent {@code intentId} for one forward of the request with {@code requestDigest},
     * sent by {@code agentId}. Records {@code execution_requested} in the same transaction.
     */
    public CompletableFuture<ForwardGrant> use(String intentId, String agentId, String requestDigest, String actor) {
        return store.write(tx -> {
            Instant now = intents.clock().instant();
            Intent i = tx.intent(intentId).orElseThrow(() -> EngineException.notFound("intent " + intentId));
            if (!i.agentId().equals(agentId) || i.requestDigest() == null || !i.requestDigest().equals(requestDigest)) {
                return new ForwardGrant.Refused(i, "request_mismatch",
                        "intent " + intentId + " was created for a different request or agent");
            }
            if (i.isPending()) {
                if (now.isBefore(i.expiresAt())) return new ForwardGrant.Pending(i);
                Intent expired = intents.expire(tx, i, now);
                return new ForwardGrant.Refused(expired, IntentStatus.EXPIRED.wire(), "intent " + intentId + " expired");
            }
            if (i.status() == IntentStatus.APPROVED && i.usedAt() == null) {
                if (!tx.markIntentUsed(intentId, now)) {
                    return new ForwardGrant.Refused(i, "intent_already_used", "intent " + intentId + " was already used");
                }
                tx.appendAudit(AuditDraft.forIntent(intentId, AuditTypes.EXECUTION_REQUESTED, actor,
                        Json.object().put("via", "proxy"), now));
                return new ForwardGrant.Forward(i.withUsedAt(now));
            }
            if (i.status() == IntentStatus.APPROVED || i.status() == IntentStatus.SCHEDULED
                    || i.status() == IntentStatus.SUCCEEDED || i.status() == IntentStatus.FAILED) {
                return new ForwardGrant.Refused(i, "intent_already_used", "intent " + intentId + " was already used");
            }
            String status = i.reasonCode() == ReasonCode.REJECTED_BY_REVIEWER ? "rejected" : i.status().wire();
            return new ForwardGrant.Refused(i, status, "intent " + intentId + " is " + status);
        }).thenApply(g -> {
            if (g instanceof ForwardGrant.Refused r && r.intent().status() == IntentStatus.EXPIRED) {
                intents.listener().onChanged(r.intent());
            }
            return g;
        });
    }

    /**
     * Records what happened to a forwarded request: {@code succeeded} when the upstream answered
     * (any status), {@code failed} when it did not (connect error, TLS failure, timeout).
     * {@code claimed} is the intent as its forward grant returned it; the row is not read again
     * (this runs once per proxied request, on the one writer): the compare-and-set on status and
     * {@code used_at} is what proves it is still the approved, used intent.
     */
    public CompletableFuture<Intent> recordOutcome(Intent claimed, boolean succeeded, ObjectNode detail, String actor) {
        String intentId = claimed.id();
        Intent updated = claimed.withStatus(succeeded ? IntentStatus.SUCCEEDED : IntentStatus.FAILED);
        // Lazily: nobody waits for this record, and at low concurrency it would otherwise take an
        // fsync of its own that the agent's next request has to queue behind.
        return store.writeLazily(tx -> {
            Instant now = intents.clock().instant();
            if (!tx.completeUsedIntent(intentId, updated.status())) {
                throw EngineException.conflict("already_reported", "intent " + intentId + " already has an outcome");
            }
            String event = succeeded ? AuditTypes.EXECUTION_SUCCEEDED : AuditTypes.EXECUTION_FAILED;
            tx.appendAudit(AuditDraft.forIntent(intentId, event, actor, detail == null ? Json.object() : detail, now));
            WebhookEvents.enqueue(tx, intentId, event, actor, now);
            return updated;
        }).thenApply(i -> {
            intents.listener().onChanged(i);
            return i;
        });
    }
}
