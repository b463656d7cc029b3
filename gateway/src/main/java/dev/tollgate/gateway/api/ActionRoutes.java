package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.util.Json;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import dev.tollgate.tasks.service.ActionDecision;
import dev.tollgate.tasks.service.TaskJson;
import dev.tollgate.tasks.service.TaskService;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Pending actions (SPEC §7.3). Reviewers and the admin list and decide every action; an agent
 * lists and reads its own, and can never approve or deny (403, whatever the action). Records
 * never carry environment values or output. An approval answers as soon as it is committed, with
 * the action and the step as committed ({@code approved}); the step then runs once, by the
 * gateway, and the agent long-polls it ({@code GET /v1/tasks/:id/steps/:step_id?wait=}).
 */
public final class ActionRoutes {
    static final int MAX_REASON_CHARS = 2000;

    private final TaskService tasks;

    public ActionRoutes(TaskService tasks) { this.tasks = tasks; }

    public void register(Router r) {
        r.get("/v1/actions", this::list);
        r.get("/v1/actions/:id", this::show);
        r.post("/v1/actions/:id/approve", this::approve);
        r.post("/v1/actions/:id/deny", this::deny);
    }

    CompletionStage<ApiResponse> list(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        ActionStatus status = null;
        String s = req.queryParam("status");
        if (s != null && !s.isEmpty() && !s.equals("all")) {
            status = ActionStatus.fromWire(s).orElseThrow(() -> ApiException.badRequest("invalid_field",
                    "status must be one of pending, approved, consumed, denied, expired, cancelled (or all)", "status"));
        }
        ActionStatus st = status;
        return TaskErrors.guard(() -> tasks.listActions(st, Access.ownerScope(p)).thenApply(list -> {
            ArrayNode a = Json.MAPPER.createArrayNode();
            list.forEach(x -> a.add(TaskJson.action(x)));
            ObjectNode out = Json.object();
            out.set("actions", a);
            out.put("count", list.size());
            return ApiResponse.ok(out);
        }));
    }

    CompletionStage<ApiResponse> show(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        return TaskErrors.guard(() -> tasks.getAction(req.pathParam("id"), Access.ownerScope(p))
                .thenApply(a -> ApiResponse.ok(TaskJson.action(a))));
    }

    CompletionStage<ApiResponse> approve(ApiRequest req) {
        Principal p = Access.require(req, Role.REVIEWER, Role.ADMIN);
        JsonNode body = TaskRoutes.object(req.json(), null);
        TaskRoutes.rejectUnknown(body, Set.of("command_digest"), "");
        JsonNode d = body.get("command_digest");
        if (d == null || !d.isTextual() || d.asText().isBlank()) {
            throw ApiException.badRequest("invalid_field",
                    "command_digest is required: the digest of the action you reviewed (GET /v1/actions/:id)",
                    "command_digest");
        }
        if (d.asText().length() > 128) throw ApiException.badRequest("invalid_field", "command_digest is too long", "command_digest");
        return TaskErrors.guard(() -> tasks.approve(req.pathParam("id"), p.actor(), d.asText())
                .thenApply(ActionRoutes::decided));
    }

    CompletionStage<ApiResponse> deny(ApiRequest req) {
        Principal p = Access.require(req, Role.REVIEWER, Role.ADMIN);
        JsonNode body = TaskRoutes.object(req.json(), null);
        TaskRoutes.rejectUnknown(body, Set.of("reason"), "");
        JsonNode reason = body.get("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw ApiException.badRequest("invalid_field", "reason must be a string", "reason");
        }
        String text = reason == null || reason.isNull() ? null : reason.asText();
        if (text != null && text.length() > MAX_REASON_CHARS) {
            throw ApiException.badRequest("invalid_field", "reason must be at most " + MAX_REASON_CHARS + " characters",
                    "reason");
        }
        return TaskErrors.guard(() -> tasks.deny(req.pathParam("id"), p.actor(), text).thenApply(ActionRoutes::decided));
    }

    private static ApiResponse decided(ActionDecision d) {
        ObjectNode out = Json.object().put("action_id", d.action().id()).put("status", d.action().status().wire())
                .put("step_id", d.step().id()).put("task_id", d.step().taskId());
        out.set("action", TaskJson.action(d.action()));
        out.set("step", TaskJson.step(d.step(), null));
        return ApiResponse.ok(out);
    }
}
