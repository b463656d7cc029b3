package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentQuery;
import dev.tollgate.engine.intent.IntentService;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.Proposal;
import dev.tollgate.engine.intent.ProposeResult;
import dev.tollgate.engine.util.Json;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import dev.tollgate.gateway.metrics.GatewayMetrics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The Gate-compatible intent API (SPEC §4.9), canonical routes and Zehrava's aliases. */
public final class IntentRoutes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final IntentService intents;
    private final GatewayMetrics metrics;

    public IntentRoutes(IntentService intents, GatewayMetrics metrics) {
        this.intents = intents;
        this.metrics = metrics;
    }

    public void register(Router r) {
        r.post("/v1/intents", this::propose);
        r.post("/v1/propose", this::propose);
        r.get("/v1/intents", req -> list(req, "intents"));
        r.get("/v1/proposals", req -> list(req, "proposals"));
        r.get("/v1/intents/:id", this::show);
        r.get("/v1/proposals/:id", this::show);
        r.get("/v1/intents/:id/decision", this::decision);
        r.get("/v1/intents/:id/audit", this::audit);
        r.get("/v1/audit/:id", this::audit);
        r.post("/v1/intents/:id/approve", req -> approve(req, req.pathParam("id")));
        r.post("/v1/approve", req -> {
            Access.require(req, Role.REVIEWER, Role.ADMIN);
            return approve(req, idFromBody(req));
        });
        r.post("/v1/intents/:id/reject", req -> reject(req, req.pathParam("id")));
        r.post("/v1/reject", req -> {
            Access.require(req, Role.REVIEWER, Role.ADMIN);
            return reject(req, idFromBody(req));
        });
    }

    CompletionStage<ApiResponse> propose(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.ADMIN);
        long started = System.nanoTime();
        return EngineErrors.guard(() -> {
            Proposal proposal = ProposalParser.parse(req.json());
            Agent agent = p instanceof Principal.AgentPrincipal a ? a.agent() : null;
            return intents.propose(proposal, p, Access.proposerId(p),
                    agent == null ? null : agent.allowedPolicies(), agent == null ? null : agent.allowedDestinations())
                    .thenApply(result -> {
                        metrics.proposeSeconds((System.nanoTime() - started) / 1e9);
                        if (result instanceof ProposeResult.Duplicate d) {
                            metrics.duplicate();
                            ObjectNode body = Json.object().put("status", IntentStatus.DUPLICATE_BLOCKED.wire())
                                    .put("intentId", d.intent().id()).put("proposalId", d.intent().id())
                                    .put("reason_code", "duplicate_idempotency_key")
                                    .put("blockReason", "idempotency_key already used by intent " + d.intent().id());
                            return ApiResponse.json(409, body);
                        }
                        return ApiResponse.ok(WireJson.proposeResult(result.intent()));
                    });
        });
    }

    CompletionStage<ApiResponse> list(ApiRequest req, String key) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        IntentStatus status = null;
        String s = req.queryParam("status");
        if (s != null && !s.isEmpty()) {
            status = IntentStatus.fromWire(s).orElseThrow(() -> ApiException.badRequest("invalid_field",
                    "status must be one of pending_approval, approved, blocked, scheduled, succeeded, failed, expired",
                    "status"));
        }
        IntentQuery q = new IntentQuery(status, Access.ownerScope(p).orElse(null), limit(req));
        return EngineErrors.guard(() -> intents.list(q).thenApply(list -> {
            ArrayNode a = Json.MAPPER.createArrayNode();
            list.forEach(i -> a.add(WireJson.intent(i)));
            ObjectNode body = Json.object();
            body.set(key, a);
            body.put("count", list.size());
            return ApiResponse.ok(body);
        }));
    }

    static int limit(ApiRequest req) {
        String l = req.queryParam("limit");
        if (l == null || l.isEmpty()) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(l);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("invalid_field", "limit must be an integer from 1 to " + MAX_LIMIT, "limit");
    }

    private CompletionStage<Intent> visible(Principal p, String id) {
        return intents.get(id, Access.ownerScope(p)).thenApply(o -> o.orElseThrow(
                () -> ApiException.notFound("intent " + id + " not found")));
    }

    CompletionStage<ApiResponse> show(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        String id = req.pathParam("id");
        return EngineErrors.guard(() -> visible(p, id).thenCompose(i -> intents.audit(id).thenApply(events -> {
            ObjectNode body = WireJson.intent(i);
            body.set("decision", WireJson.decision(i));
            body.set("auditTrail", WireJson.auditEvents(events));
            return ApiResponse.ok(body);
        })));
    }

    CompletionStage<ApiResponse> decision(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        return EngineErrors.guard(() -> visible(p, req.pathParam("id")).thenApply(i -> ApiResponse.ok(WireJson.decision(i))));
    }

    CompletionStage<ApiResponse> audit(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        String id = req.pathParam("id");
        return EngineErrors.guard(() -> visible(p, id).thenCompose(i -> intents.audit(id)).thenApply(events -> {
            ObjectNode body = Json.object().put("proposalId", id).put("intentId", id);
            body.set("events", WireJson.auditEvents(events));
            body.put("count", events.size());
            return ApiResponse.ok(body);
        }));
    }

    CompletionStage<ApiResponse> approve(ApiRequest req, String id) {
        Principal p = Access.require(req, Role.REVIEWER, Role.ADMIN);
        return EngineErrors.guard(() -> intents.approve(id, p, Optional.empty()).thenApply(i -> ApiResponse.ok(
                Json.object().put("status", "approved").put("intentId", i.id()).put("proposalId", i.id())
                        .put("approvedAt", WireJson.iso(i.decidedAt())).put("approvedBy", i.decidedBy()))));
    }

    CompletionStage<ApiResponse> reject(ApiRequest req, String id) {
        Principal p = Access.require(req, Role.REVIEWER, Role.ADMIN);
        JsonNode body = req.body().length > 0 ? req.json() : Json.object();
        JsonNode reason = body.get("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw ApiException.badRequest("invalid_field", "reason must be a string", "reason");
        }
        String text = reason == null || reason.isNull() ? null : reason.asText();
        if (text != null && text.length() > 2000) {
            throw ApiException.badRequest("invalid_field", "reason must be at most 2000 characters", "reason");
        }
        return EngineErrors.guard(() -> intents.reject(id, p, text).thenApply(i -> ApiResponse.ok(
                Json.object().put("status", "blocked").put("intentId", i.id()).put("proposalId", i.id())
                        .put("reason", i.blockReason()).put("reason_code", "rejected_by_reviewer")
                        .put("rejectedAt", WireJson.iso(i.decidedAt())).put("rejectedBy", i.decidedBy()))));
    }

    /** {@code /v1/approve} and {@code /v1/reject} name the intent in the body, as proposalId or intentId. */
    private static String idFromBody(ApiRequest req) {
        JsonNode body = req.json();
        for (String f : List.of("intentId", "proposalId", "intent_id")) {
            JsonNode v = body.get(f);
            if (v != null && v.isTextual() && !v.asText().isBlank()) return v.asText();
        }
        throw ApiException.badRequest("invalid_field", "intentId (or proposalId) is required", "intentId");
    }
}
