package dev.tollgate.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.EngineException;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.audit.AuditTypes;
import dev.tollgate.engine.auth.Authenticator;
import dev.tollgate.engine.auth.KeyKind;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.util.Ids;
import dev.tollgate.engine.util.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Registers agents and reviewers; keys are shown once and stored only as SHA-256. */
public final class AgentService {
    public static final Set<String> RISK_TIERS = Set.of("standard", "elevated", "restricted");

    private final Store store;
    private final Clock clock;
    private final Authenticator authenticator;

    public AgentService(Store store, Clock clock, Authenticator authenticator) {
        this.store = store;
        this.clock = clock;
        this.authenticator = authenticator;
    }

    public record Registration(String name, String owner, String riskTier, List<String> allowedPolicies,
                               List<String> allowedDestinations, String framework, JsonNode metadata) {}

    public record Registered<T>(T entity, String key) {}

    public CompletableFuture<Registered<Agent>> register(Registration r, String actor) {
        String key = KeyKind.AGENT.generate();
        Instant now = clock.instant();
        Agent agent = new Agent(Ids.agent(), r.name(), r.owner(), r.riskTier() == null ? "standard" : r.riskTier(),
                AgentStatus.ACTIVE, r.allowedPolicies(), r.allowedDestinations(), r.framework(),
                r.metadata() == null ? Json.object() : r.metadata(), now);
        return store.write(tx -> {
            tx.insertAgent(agent, Hashing.sha256Hex(key));
            tx.appendAudit(new AuditDraft(null, null, AuditTypes.AGENT_REGISTERED, actor,
                    Json.object().put("agent_id", agent.id()).put("name", agent.name()), now));
            return new Registered<>(agent, key);
        });
    }

    public CompletableFuture<Registered<Reviewer>> addReviewer(String name, String actor) {
        String key = KeyKind.REVIEWER.generate();
        Instant now = clock.instant();
        Reviewer reviewer = new Reviewer(Ids.reviewer(), name, true, now);
        return store.write(tx -> {
            tx.insertReviewer(reviewer, Hashing.sha256Hex(key));
            tx.appendAudit(new AuditDraft(null, null, AuditTypes.REVIEWER_ADDED, actor,
                    Json.object().put("reviewer_id", reviewer.id()).put("name", name), now));
            return new Registered<>(reviewer, key);
        });
    }

    /** Suspends or revokes; the key stops working everywhere at once (the auth cache is purged). */
    public CompletableFuture<Agent> setStatus(String agentId, AgentStatus status, String actor) {
        return store.write(tx -> {
            Agent a = tx.agent(agentId).orElseThrow(() -> EngineException.notFound("agent " + agentId));
            if (a.status() == AgentStatus.REVOKED && status != AgentStatus.REVOKED) {
                throw EngineException.conflict("agent_revoked", "agent " + agentId + " is revoked for good");
            }
            tx.setAgentStatus(agentId, status);
            tx.appendAudit(new AuditDraft(null, null,
                    status == AgentStatus.REVOKED ? AuditTypes.AGENT_REVOKED : AuditTypes.AGENT_SUSPENDED, actor,
                    Json.object().put("agent_id", agentId), clock.instant()));
            return a.withStatus(status);
        }).whenComplete((a, e) -> authenticator.forgetAll());
    }

    public CompletableFuture<List<Agent>> list() { return store.read(r -> r.agents()); }

    public CompletableFuture<Optional<Agent>> get(String id) { return store.read(r -> r.agent(id)); }

    public CompletableFuture<List<Reviewer>> reviewers() { return store.read(r -> r.reviewers()); }
}
