package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.engine.task.Wallet;
import dev.tollgate.engine.task.WalletScope;
import dev.tollgate.engine.util.Json;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import dev.tollgate.tasks.service.TaskJson;
import dev.tollgate.tasks.service.TaskService;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Wallets (SPEC §7.7): {@code GET /v1/wallets} (reviewer or admin) lists balances;
 * {@code POST /v1/wallets/:scope/:id/credit {"amount"}} (admin only) credits one (creating it),
 * then resumes the held steps it can now pay for, oldest first; the answer lists them as committed.
 */
public final class WalletRoutes {
    static final long MAX_CREDIT = 1_000_000_000_000L;

    private final TaskService tasks;

    public WalletRoutes(TaskService tasks) { this.tasks = tasks; }

    public void register(Router r) {
        r.get("/v1/wallets", this::list);
        r.post("/v1/wallets/:scope/:id/credit", this::credit);
    }

    CompletionStage<ApiResponse> list(ApiRequest req) {
        Access.require(req, Role.REVIEWER, Role.ADMIN);
        return TaskErrors.guard(() -> tasks.wallets().thenApply(ws -> {
            ArrayNode a = Json.MAPPER.createArrayNode();
            ws.forEach(w -> a.add(json(w)));
            ObjectNode out = Json.object();
            out.set("wallets", a);
            out.put("count", ws.size());
            return ApiResponse.ok(out);
        }));
    }

    CompletionStage<ApiResponse> credit(ApiRequest req) {
        Principal p = Access.require(req, Role.ADMIN);
        WalletScope scope = WalletScope.fromWire(req.pathParam("scope")).orElseThrow(() ->
                ApiException.badRequest("invalid_field", "scope must be user, team or org", "scope"));
        String id = req.pathParam("id");
        if (id.isBlank() || id.length() > TaskRoutes.MAX_ID_CHARS || id.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_field", "wallet id must be 1 to " + TaskRoutes.MAX_ID_CHARS
                    + " printable characters", "id");
        }
        JsonNode body = TaskRoutes.object(req.json(), null);
        TaskRoutes.rejectUnknown(body, Set.of("amount"), "");
        JsonNode amount = body.get("amount");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.longValue() < 1
                || amount.longValue() > MAX_CREDIT) {
            throw ApiException.badRequest("invalid_field", "amount must be an integer from 1 to " + MAX_CREDIT, "amount");
        }
        return TaskErrors.guard(() -> tasks.credit(scope, id, amount.longValue(), p.actor()).thenApply(c -> {
            ObjectNode out = Json.object();
            out.set("wallet", json(c.wallet()));
            ArrayNode resumed = out.putArray("resumed");
            c.resumed().forEach(s -> resumed.add(TaskJson.step(s, null)));
            return ApiResponse.ok(out);
        }));
    }

    static ObjectNode json(Wallet w) {
        return Json.object().put("scope", w.scope().wire()).put("id", w.id()).put("balance", w.balance())
                .put("updated_at", WireJson.iso(w.updatedAt()));
    }
}
