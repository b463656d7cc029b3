package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.agent.AgentService;
import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.engine.util.Json;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Agent registry and reviewers. Registration needs the admin key unless open registration is on. */
public final class AgentRoutes {
    private static final Set<String> REGISTER_FIELDS = Set.of("name", "riskTier", "risk_tier", "owner",
            "allowed_policies", "allowed_destinations", "framework", "metadata");

    private final AgentService agents;
    private final boolean openRegistration;

    public AgentRoutes(AgentService agents, boolean openRegistration) {
        this.agents = agents;
        this.openRegistration = openRegistration;
    }

    public void register(Router r) {
        r.post("/v1/agents/register", this::registerAgent);
        r.get("/v1/agents", this::list);
        r.get("/v1/agents/:id", this::show);
        r.post("/v1/agents/:id/revoke", req -> setStatus(req, AgentStatus.REVOKED));
        r.post("/v1/agents/:id/suspend", req -> setStatus(req, AgentStatus.SUSPENDED));
        r.post("/v1/reviewers", this::addReviewer);
        r.get("/v1/reviewers", this::listReviewers);
    }

    CompletionStage<ApiResponse> registerAgent(ApiRequest req) {
        String actor = openRegistration && Access.principal(req).isEmpty()
                ? "open_registration" : Access.require(req, Role.ADMIN).actor();
        JsonNode body = req.json();
        if (!body.isObject()) throw ApiException.badRequest("invalid_field", "request body must be a JSON object", null);
        body.fieldNames().forEachRemaining(f -> {
            if (!REGISTER_FIELDS.contains(f)) throw ApiException.badRequest("unknown_field", "unknown field: " + f, f);
        });
        String name = text(body, "name", true);
        String tier = body.has("riskTier") ? text(body, "riskTier", false) : text(body, "risk_tier", false);
        if (tier != null && !AgentService.RISK_TIERS.contains(tier)) {
            throw ApiException.badRequest("invalid_field", "riskTier must be standard, elevated or restricted", "riskTier");
        }
        JsonNode meta = body.get("metadata");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw ApiException.badRequest("invalid_field", "metadata must be a JSON object", "metadata");
        }
        var reg = new AgentService.Registration(name, text(body, "owner", false), tier,
                names(body, "allowed_policies"), names(body, "allowed_destinations"), text(body, "framework", false),
                meta == null || meta.isNull() ? null : meta);
        return EngineErrors.guard(() -> agents.register(reg, actor).thenApply(r -> {
            ObjectNode n = WireJson.agent(r.entity());
            n.put("apiKey", r.key());
            return ApiResponse.json(201, n);
        }));
    }

    static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) throw ApiException.badRequest("invalid_field", field + " is required", field);
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > ProposalParser.MAX_NAME) {
            throw ApiException.badRequest("invalid_field", field + " must be a non-empty string of at most "
                    + ProposalParser.MAX_NAME + " characters", field);
        }
        return v.asText();
    }

    /** A list of names; null (meaning "all") when absent. */
    private static List<String> names(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw ApiException.badRequest("invalid_field", field + " must be a list of strings", field);
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) throw ApiException.badRequest("invalid_field", field + " must be a list of strings", field);
            out.add(item.asText());
        }
        return List.copyOf(out);
    }

    CompletionStage<ApiResponse> list(ApiRequest req) {
        Access.require(req, Role.REVIEWER, Role.ADMIN);
        return EngineErrors.guard(() -> agents.list().thenApply(list -> {
            ArrayNode a = Json.MAPPER.createArrayNode();
            list.forEach(x -> a.add(WireJson.agent(x)));
            ObjectNode body = Json.object();
            body.set("agents", a);
            body.put("count", list.size());
            return ApiResponse.ok(body);
        }));
    }

    CompletionStage<ApiResponse> show(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        String id = req.pathParam("id");
        if (p instanceof Principal.AgentPrincipal a && !a.agent().id().equals(id)) {
            throw ApiException.notFound("agent " + id + " not found");
        }
        return EngineErrors.guard(() -> agents.get(id).thenApply(o -> ApiResponse.ok(WireJson.agent(
                o.orElseThrow(() -> ApiException.notFound("agent " + id + " not found"))))));
    }

    CompletionStage<ApiResponse> setStatus(ApiRequest req, AgentStatus status) {
        Principal p = Access.require(req, Role.ADMIN);
        return EngineErrors.guard(() -> agents.setStatus(req.pathParam("id"), status, p.actor())
                .thenApply(a -> ApiResponse.ok(WireJson.agent(a))));
    }

    CompletionStage<ApiResponse> addReviewer(ApiRequest req) {
        Principal p = Access.require(req, Role.ADMIN);
        JsonNode body = req.json();
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("name")) throw ApiException.badRequest("unknown_field", "unknown field: " + f, f);
        });
        String name = text(body, "name", true);
        return EngineErrors.guard(() -> agents.addReviewer(name, p.actor()).thenApply(r -> ApiResponse.json(201,
                Json.object().put("reviewerId", r.entity().id()).put("id", r.entity().id()).put("name", name)
                        .put("created_at", WireJson.iso(r.entity().createdAt())).put("apiKey", r.key()))));
    }

    CompletionStage<ApiResponse> listReviewers(ApiRequest req) {
        Access.require(req, Role.ADMIN);
        return EngineErrors.guard(() -> agents.reviewers().thenApply(list -> {
            ArrayNode a = Json.MAPPER.createArrayNode();
            list.forEach(r -> a.add(Json.object().put("id", r.id()).put("name", r.name()).put("active", r.active())
                    .put("created_at", WireJson.iso(r.createdAt()))));
            ObjectNode body = Json.object();
            body.set("reviewers", a);
            body.put("count", list.size());
            return ApiResponse.ok(body);
        }));
    }
}
