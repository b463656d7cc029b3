package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.auth.KeyKind;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.engine.execution.ExecutionService;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Execution orders: issue (owner), read (owner or reviewer), report (token, owner or admin). */
public final class ExecutionRoutes {
    private final ExecutionService executions;

    public ExecutionRoutes(ExecutionService executions) { this.executions = executions; }

    public void register(Router r) {
        r.post("/v1/intents/:id/execute", this::execute);
        r.post("/v1/deliver", req -> {
            Access.require(req, Role.AGENT, Role.ADMIN);
            JsonNode id = req.json().get("intentId");
            if (id == null || !id.isTextual()) id = req.json().get("proposalId");
            if (id == null || !id.isTextual()) {
                throw ApiException.badRequest("invalid_field", "intentId (or proposalId) is required", "intentId");
            }
            return execute(req, id.asText());
        });
        r.get("/v1/executions/:id", this::show);
        r.post("/v1/executions/:id/report", this::report);
    }

    CompletionStage<ApiResponse> execute(ApiRequest req) { return execute(req, req.pathParam("id")); }

    private CompletionStage<ApiResponse> execute(ApiRequest req, String intentId) {
        Principal p = Access.require(req, Role.AGENT, Role.ADMIN);
        return EngineErrors.guard(() -> executions.execute(intentId, Access.ownerScope(p), p.actor()).thenApply(o -> {
            ObjectNode n = WireJson.execution(o.execution());
            n.put("execution_token", o.token());
            n.put("status", "scheduled"); // Zehrava's answer names the intent's new state, not the order's
            n.put("intentId", intentId);
            return ApiResponse.json(201, n);
        }));
    }

    CompletionStage<ApiResponse> show(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        String id = req.pathParam("id");
        Optional<String> owner = Access.ownerScope(p);
        return EngineErrors.guard(() -> executions.get(id).thenApply(o -> ApiResponse.ok(WireJson.execution(
                o.filter(e -> owner.isEmpty() || owner.get().equals(e.agentId()))
                        .orElseThrow(() -> ApiException.notFound("execution " + id + " not found"))))));
    }

    CompletionStage<ApiResponse> report(ApiRequest req) {
        String id = req.pathParam("id");
        JsonNode body = req.json();
        JsonNode status = body.get("status");
        if (status == null || !status.isTextual()
                || !(status.asText().equals("succeeded") || status.asText().equals("failed"))) {
            throw ApiException.badRequest("invalid_field", "status must be succeeded or failed", "status");
        }
        JsonNode report = body.has("report") ? body.get("report") : body.get("result");
        boolean succeeded = status.asText().equals("succeeded");
        String key = req.bearerToken();
        CompletionStage<ReportAuth> auth;
        if (KeyKind.ofKey(key) == KeyKind.EXECUTION_TOKEN) {
            auth = executions.tokenMatches(id, key).thenApply(ok -> {
                if (!ok) throw ApiException.unauthorized("this token does not belong to execution " + id);
                return new ReportAuth(Optional.empty(), "worker");
            });
        } else {
            Principal p = Access.require(req, Role.AGENT, Role.ADMIN);
            auth = CompletableFuture.completedFuture(new ReportAuth(Access.ownerScope(p), p.actor()));
        }
        return EngineErrors.guard(() -> auth.thenCompose(a -> executions.report(id, a.owner, succeeded, report, a.actor))
                .thenApply(e -> ApiResponse.ok(WireJson.execution(e))));
    }

    private record ReportAuth(Optional<String> owner, String actor) {}
}
