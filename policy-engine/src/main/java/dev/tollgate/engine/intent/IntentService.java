package dev.tollgate.engine.intent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.EngineException;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.audit.AuditTypes;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.policy.Evaluation;
import dev.tollgate.engine.policy.EvaluationRequest;
import dev.tollgate.engine.policy.PolicyEvaluator;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.store.StoreTx;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.util.Ids;
import dev.tollgate.engine.util.Json;
import dev.tollgate.engine.webhook.WebhookEvents;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The intent lifecycle: propose, decide, expire, read. Each change is one store job that writes
 * the intent, its audit events and its webhook deliveries together; callers are answered only
 * after that job is committed, and listeners are told only then.
 */
public final class IntentService {
    /** Payloads above this are evaluated off the caller's thread (a Netty event loop must not scan MiBs). */
    private static final int INLINE_EVALUATION_LIMIT = 64 * 1024;
    static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(60);
    static final String SYSTEM = "system";

    private final Store store;
    private final PolicyEvaluator evaluator;
    private final Clock clock;
    private final String serverEnvironment;
    private final Executor compute;
    private final IntentListener listener;

    public IntentService(Store store, PolicyEvaluator evaluator, Clock clock, String serverEnvironment,
                         Executor compute, IntentListener listener) {
        this.store = store;
        this.evaluator = evaluator;
        this.clock = clock;
        this.serverEnvironment = serverEnvironment;
        this.compute = compute;
        this.listener = listener;
    }

    public Store store() { return store; }

    public CompletableFuture<ProposeResult> propose(Proposal p, Principal proposer, String agentId,
                                                    List<String> allowedPolicies, List<String> allowedDestinations) {
        return propose(p, proposer, agentId, allowedPolicies, allowedDestinations, false);
    }

    /**
     * @param claim when the intent is (or joins one) approved and unused, claim it for one forward in
     *              the same transaction ({@code used_at} + {@code execution_requested}), so an
     *              auto-approved proxied request costs one commit, not two
     */
    CompletableFuture<ProposeResult> propose(Proposal p, Principal proposer, String agentId,
                                             List<String> allowedPolicies, List<String> allowedDestinations,
                                             boolean claim) {
        EvaluationRequest request = new EvaluationRequest(p.policy(), p.destination(), p.payload(), p.payloadType(),
                p.recordCount(), environmentOf(p), p.estimatedValueUsd(), p.sensitivityTags(),
                allowedPolicies, allowedDestinations);
        CompletableFuture<Evaluation> evaluation = p.payload() != null && p.payload().length() > INLINE_EVALUATION_LIMIT
                ? CompletableFuture.supplyAsync(() -> evaluator.evaluate(request), compute)
                : CompletableFuture.completedFuture(evaluator.evaluate(request));
        return evaluation.thenCompose(ev -> store.write(tx -> {
                    ProposeResult r = record(tx, p, proposer, agentId, ev, claim);
                    return claim ? claimIfApproved(tx, r, proposer) : r;
                }))
                .whenComplete((r, e) -> {
                    if (r instanceof ProposeResult.Created c) listener.onCreated(c.intent());
                });
    }

    /**
     * Records an intent blocked before any policy could look at it (e.g. a proxied request no
     * destination rule maps), with the reason code that says why, so the stored intent, its audit
     * trail and the answer the caller got all name the same cause.
     */
    CompletableFuture<ProposeResult> recordBlocked(Proposal p, Principal proposer, String agentId, ReasonCode code,
                                                  String reason) {
        Evaluation blocked = new Evaluation(IntentStatus.BLOCKED, code, reason, 0.0, RiskLevel.LOW, p.policy(),
                dev.tollgate.engine.policy.Policy.BUILTIN_VERSION, null, null);
        return store.write(tx -> record(tx, p, proposer, agentId, blocked, false)).whenComplete((r, e) -> {
            if (r instanceof ProposeResult.Created c) listener.onCreated(c.intent());
        });
    }

    /**
     * The server's own environment wins over the agent's {@code metadata.environment}: otherwise
     * an agent could pick the overlay with the laxest rules for itself.
     */
    private String environmentOf(Proposal p) {
        if (serverEnvironment != null) return serverEnvironment;
        ObjectNode m = p.metadata();
        return m != null && m.path("environment").isTextual() ? m.get("environment").asText() : null;
    }

    /**
     * @param claim an auto-approved intent is inserted already claimed ({@code used_at} set,
     *              {@code execution_requested} recorded): one row write instead of an insert and an update
     */
    private ProposeResult record(StoreTx tx, Proposal p, Principal proposer, String agentId, Evaluation ev,
                                 boolean claim) {
        Instant now = clock.instant();
        if (p.requestDigest() != null) {
            Optional<Intent> same = joinable(tx, agentId, p.requestDigest(), now);
            if (same.isPresent()) return new ProposeResult.Joined(same.get());
        }
        if (p.idempotencyKey() != null) {
            Optional<Intent> existing = tx.intentByIdempotencyKey(agentId, p.idempotencyKey());
            if (existing.isPresent()) return duplicate(tx, existing.get(), proposer, now);
        }
        Evaluation decided = applyRateLimits(tx, ev, agentId, now);
        Duration window = approvalWindow(p.expiresIn(), decided.expiryMinutes());
        boolean autoDecided = decided.status() != IntentStatus.PENDING_APPROVAL;
        boolean claimed = claim && decided.status() == IntentStatus.APPROVED;
        byte[] payloadBytes = p.payload() == null ? new byte[0] : p.payload().getBytes(StandardCharsets.UTF_8);
        Intent intent = new Intent(Ids.intent(), agentId, proposer.actor(), p.onBehalfOf(), p.destination(),
                p.policy(), decided.policyVersion(), Hashing.sha256Hex(payloadBytes), PayloadTypes.of(p),
                Math.max(p.payloadSize(), payloadBytes.length), p.recordCount(), decided.status(),
                decided.reasonCode(), decided.blockReason(), decided.riskScore(), decided.riskLevel(),
                p.idempotencyKey(), p.metadata() == null ? Json.object() : p.metadata(), p.requestDigest(),
                claimed ? now : null, now, now.plus(window), autoDecided ? now : null, autoDecided ? SYSTEM : null,
                p.estimatedValueUsd(), p.sensitivityTags());
        if (!tx.insertIntent(intent)) {
            // Lost a race on the unique index (possible with several instances): same answer as above.
            return duplicate(tx, tx.intentByIdempotencyKey(agentId, p.idempotencyKey()).orElseThrow(), proposer, now);
        }
        ObjectNode proposed = Json.object().put("destination", p.destination()).put("policy", p.policy());
        if (p.onBehalfOf() != null) proposed.put("on_behalf_of", p.onBehalfOf());
        if (p.recordCount() != null) proposed.put("record_count", p.recordCount());
        List<AuditDraft> events = new ArrayList<>(4);
        events.add(AuditDraft.forIntent(intent.id(), AuditTypes.PROPOSED, proposer.actor(), proposed, now));
        ObjectNode checked = Json.object().put("result", decided.status().wire())
                .put("reason_code", decided.reasonCode().wire()).put("risk_score", decided.riskScore())
                .put("risk_level", decided.riskLevel().wire()).put("policy_version", decided.policyVersion());
        events.add(AuditDraft.forIntent(intent.id(), AuditTypes.POLICY_CHECKED, SYSTEM, checked, now));
        if (decided.status() == IntentStatus.APPROVED) {
            events.add(AuditDraft.forIntent(intent.id(), AuditTypes.APPROVED, SYSTEM,
                    Json.object().put("reason_code", decided.reasonCode().wire()), now));
            if (claimed) {
                events.add(AuditDraft.forIntent(intent.id(), AuditTypes.EXECUTION_REQUESTED, proposer.actor(),
                        Json.object().put("via", "proxy"), now));
            }
        } else if (decided.status() == IntentStatus.BLOCKED) {
            events.add(AuditDraft.forIntent(intent.id(), AuditTypes.BLOCKED, SYSTEM,
                    Json.object().put("reason_code", decided.reasonCode().wire())
                            .put("reason", decided.blockReason()), now));
        }
        tx.appendAudits(events); // one statement for the lot: this runs for every proxied request
        return new ProposeResult.Created(intent);
    }

    /**
     * The agent's {@code expiresIn} may shorten the policy's {@code expiry_minutes} but never extend
     * it: a policy that keeps approvals short ("stale approvals are dangerous") must not be undone
     * by an SDK that sends {@code expiresIn: "1h"} by default.
     */
    static Duration approvalWindow(Duration requested, Integer policyMinutes) {
        Duration policy = policyMinutes == null ? null : Duration.ofMinutes(policyMinutes);
        if (requested == null) return policy != null ? policy : DEFAULT_EXPIRY;
        return policy != null && policy.compareTo(requested) < 0 ? policy : requested;
    }

    private ProposeResult claimIfApproved(StoreTx tx, ProposeResult r, Principal proposer) {
        Intent i = r.intent();
        if (r instanceof ProposeResult.Duplicate || i.status() != IntentStatus.APPROVED || i.usedAt() != null) return r;
        Instant now = clock.instant();
        if (!tx.markIntentUsed(i.id(), now)) return r;
        tx.appendAudit(AuditDraft.forIntent(i.id(), AuditTypes.EXECUTION_REQUESTED, proposer.actor(),
                Json.object().put("via", "proxy"), now));
        Intent claimed = i.withUsedAt(now);
        return r instanceof ProposeResult.Joined ? new ProposeResult.Joined(claimed) : new ProposeResult.Created(claimed);
    }

    /** The agent's still-usable intent for this exact request; an overdue one is expired, not joined. */
    private Optional<Intent> joinable(StoreTx tx, String agentId, String digest, Instant now) {
        Optional<Intent> found = tx.liveIntentByRequestDigest(agentId, digest);
        if (found.isPresent() && found.get().isPending() && !now.isBefore(found.get().expiresAt())) {
            expire(tx, found.get(), now);
            return Optional.empty();
        }
        return found;
    }

    /** Rate limits need counts from the store, so they are applied here, inside the writing job. */
    private static Evaluation applyRateLimits(StoreTx tx, Evaluation ev, String agentId, Instant now) {
        if (ev.pendingRateLimits() == null) return ev;
        try {
            long hour = tx.countIntentsSince(agentId, now.minus(Duration.ofHours(1)));
            long day = tx.countIntentsSince(agentId, now.minus(Duration.ofDays(1)));
            return ev.withRateCounts(hour, day);
        } catch (RuntimeException e) {
            return ev.rateCountFailed();
        }
    }

    private static ProposeResult duplicate(StoreTx tx, Intent existing, Principal proposer, Instant now) {
        tx.incrementCounter(IntentCounts.DUPLICATES_COUNTER);
        tx.appendAudit(AuditDraft.forIntent(existing.id(), AuditTypes.DUPLICATE_BLOCKED, proposer.actor(),
                Json.object().put("idempotency_key", existing.idempotencyKey()), now));
        return new ProposeResult.Duplicate(existing);
    }

    /** Approves a pending intent. Approving an approved intent again is answered the same way. */
    public CompletableFuture<Intent> approve(String intentId, Principal decider, Optional<String> visibleTo) {
        requireDecider(decider);
        return decide(intentId, decider, visibleTo, IntentStatus.APPROVED, null);
    }

    public CompletableFuture<Intent> reject(String intentId, Principal decider, String reason) {
        requireDecider(decider);
        return decide(intentId, decider, Optional.empty(), IntentStatus.BLOCKED,
                reason == null || reason.isBlank() ? "Rejected by reviewer" : reason);
    }

    private static void requireDecider(Principal p) {
        if (!p.canDecide()) {
            throw new EngineException(EngineException.Kind.FORBIDDEN, "forbidden", "agents cannot approve or reject");
        }
    }

    private CompletableFuture<Intent> decide(String intentId, Principal decider, Optional<String> visibleTo,
                                             IntentStatus target, String reason) {
        return store.write(tx -> {
            Instant now = clock.instant();
            Intent current = tx.intent(intentId).filter(i -> visibleTo.isEmpty() || visibleTo.get().equals(i.agentId()))
                    .orElseThrow(() -> EngineException.notFound("intent " + intentId));
            if (current.isPending() && !now.isBefore(current.expiresAt())) {
                return new Decision(expire(tx, current, now), true);
            }
            if (!current.isPending()) {
                boolean sameOutcome = target == IntentStatus.APPROVED
                        ? current.status() == IntentStatus.APPROVED
                        : current.reasonCode() == ReasonCode.REJECTED_BY_REVIEWER;
                if (sameOutcome) return new Decision(current, false);
                if (current.status() == IntentStatus.EXPIRED) return new Decision(current, true);
                throw new EngineException(EngineException.Kind.CONFLICT, "already_decided",
                        "intent " + intentId + " is " + current.status().wire() + ", not pending_approval");
            }
            boolean approve = target == IntentStatus.APPROVED;
            Intent updated = current.decided(target, approve ? ReasonCode.APPROVED_BY_POLICY : ReasonCode.REJECTED_BY_REVIEWER,
                    approve ? null : reason, decider.actor(), now);
            if (!tx.casIntentStatus(intentId, Set.of(IntentStatus.PENDING_APPROVAL), updated)) {
                throw new EngineException(EngineException.Kind.CONFLICT, "already_decided", "intent " + intentId + " was decided concurrently");
            }
            String event = approve ? AuditTypes.APPROVED : AuditTypes.REJECTED;
            ObjectNode meta = Json.object().put("by", decider.actor());
            if (!approve) meta.put("reason", reason);
            tx.appendAudit(AuditDraft.forIntent(intentId, event, decider.actor(), meta, now));
            WebhookEvents.enqueue(tx, intentId, approve ? "approved" : "rejected", decider.actor(), now);
            return new Decision(updated, false);
        }).thenApply(d -> {
            listener.onChanged(d.intent);
            if (d.expired) {
                throw new EngineException(EngineException.Kind.GONE, "expired", "intent " + intentId + " expired at "
                        + d.intent.expiresAt() + " and can no longer be decided", null, d.intent);
            }
            return d.intent;
        });
    }

    private record Decision(Intent intent, boolean expired) {}

    Clock clock() { return clock; }

    IntentListener listener() { return listener; }

    /** Moves a pending intent past its window to {@code expired}; returns the updated intent. */
    Intent expire(StoreTx tx, Intent i, Instant now) {
        Intent updated = i.decided(IntentStatus.EXPIRED, ReasonCode.EXPIRED, "approval window elapsed", SYSTEM, now);
        if (!tx.casIntentStatus(i.id(), Set.of(IntentStatus.PENDING_APPROVAL), updated)) {
            return tx.intent(i.id()).orElse(i);
        }
        tx.appendAudit(AuditDraft.forIntent(i.id(), AuditTypes.EXPIRED, SYSTEM,
                Json.object().put("expires_at", i.expiresAt().toString()), now));
        WebhookEvents.enqueue(tx, i.id(), "expired", SYSTEM, now);
        return updated;
    }

    /** Expires every overdue pending intent (the background sweep); returns how many. */
    public CompletableFuture<List<Intent>> expireOverdue(int batch) {
        return store.write(tx -> {
            Instant now = clock.instant();
            return tx.overduePending(now, batch).stream().map(i -> expire(tx, i, now))
                    .filter(i -> i.status() == IntentStatus.EXPIRED).toList();
        }).thenApply(list -> {
            list.forEach(listener::onChanged);
            return list;
        });
    }

    /**
     * Reads an intent, expiring it first when its window has passed, so no reader ever sees a
     * stale pending intent. {@code visibleTo} restricts to one agent's intents (others: empty).
     */
    public CompletableFuture<Optional<Intent>> get(String intentId, Optional<String> visibleTo) {
        return store.read(r -> r.intent(intentId)).thenCompose(found -> {
            Optional<Intent> visible = found.filter(i -> visibleTo.isEmpty() || visibleTo.get().equals(i.agentId()));
            if (visible.isPresent() && isOverdue(visible.get())) {
                return store.write(tx -> tx.intent(intentId).map(i -> isOverdue(i) ? expire(tx, i, clock.instant()) : i))
                        .thenApply(o -> {
                            o.ifPresent(listener::onChanged);
                            return o;
                        });
            }
            return CompletableFuture.completedFuture(visible);
        });
    }

    public CompletableFuture<List<Intent>> list(IntentQuery q) {
        return store.read(r -> r.intents(q)).thenCompose(list -> {
            if (list.stream().noneMatch(this::isOverdue)) return CompletableFuture.completedFuture(list);
            return expireOverdue(500).thenCompose(x -> store.read(r -> r.intents(q)));
        });
    }

    private boolean isOverdue(Intent i) { return i.isPending() && !clock.instant().isBefore(i.expiresAt()); }

    public CompletableFuture<List<AuditEvent>> audit(String intentId) {
        return store.read(r -> r.auditForIntent(intentId));
    }

    public CompletableFuture<IntentCounts> counts() { return store.read(r -> r.intentCounts()); }
}
