package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.engine.task.Identity;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.TaskStatus;
import dev.tollgate.engine.util.Json;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import dev.tollgate.tasks.service.StepRequest;
import dev.tollgate.tasks.service.TaskJson;
import dev.tollgate.tasks.service.TaskService;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tasks and steps (SPEC §7.2). Agents own tasks: an agent dispatches, runs steps in, completes and
 * cancels its own tasks and sees only those (another agent's task is 404). The admin may do the
 * same with its own tasks (owner {@code admin}) and read every task; reviewers read every task and
 * may cancel one. A step answers 200 when it ended (completed, failed, blocked, ...) and 202 while
 * it waits (pending_approval with {@code action_id}, {@code command_digest}, {@code expires_at};
 * held_insufficient_balance; running after a long-poll that timed out).
 */
public final class TaskRoutes {
    static final Set<String> DISPATCH_FIELDS = Set.of("identity_context", "tool_invocation", "cache_context", "metadata");
    static final Set<String> IDENTITY_FIELDS = Set.of("user_id", "team_id", "org_id");
    static final int MAX_ID_CHARS = 256;

    private final TaskService tasks;

    public TaskRoutes(TaskService tasks) { this.tasks = tasks; }

    public void register(Router r) {
        r.post("/v1/tasks", this::dispatch);
        r.get("/v1/tasks", this::list);
        r.get("/v1/tasks/:id", this::show);
        r.get("/v1/tasks/:id/audit", this::audit);
        r.post("/v1/tasks/:id/complete", this::complete);
        r.post("/v1/tasks/:id/cancel", this::cancel);
        r.post("/v1/tasks/:id/steps", this::step);
        r.get("/v1/tasks/:id/steps/:step_id", this::getStep);
    }

    /** The id a caller owns tasks under: an agent's id, or {@code admin}. */
    static String owner(Principal p) { return Access.proposerId(p); }

    /** Who is recorded as actor: the agent's id, {@code admin}, or {@code reviewer:<name>}. */
    static String actor(Principal p) { return p instanceof Principal.AgentPrincipal a ? a.agent().id() : p.actor(); }

    CompletionStage<ApiResponse> dispatch(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.ADMIN);
        JsonNode body = object(req.json(), null);
        rejectUnknown(body, DISPATCH_FIELDS, "");
        JsonNode ic = body.get("identity_context");
        if (ic == null || ic.isNull()) {
            throw ApiException.badRequest("invalid_field", "identity_context is required", "identity_context");
        }
        object(ic, "identity_context");
        rejectUnknown(ic, IDENTITY_FIELDS, "identity_context.");
        Identity who = new Identity(id(ic, "user_id", true), id(ic, "team_id", false), id(ic, "org_id", false));
        JsonNode tool = optionalObject(body, "tool_invocation");
        JsonNode cache = optionalObject(body, "cache_context");
        JsonNode metadata = optionalObject(body, "metadata");
        return TaskErrors.guard(() -> tasks.dispatch(owner(p), who, tool, cache, metadata)
                .thenApply(t -> ApiResponse.json(201, TaskJson.dispatchContract(t))));
    }

    CompletionStage<ApiResponse> list(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        TaskStatus status = null;
        String s = req.queryParam("status");
        if (s != null && !s.isEmpty()) {
            status = TaskStatus.fromWire(s).orElseThrow(() -> ApiException.badRequest("invalid_field",
                    "status must be one of running, succeeded, failed, cancelled", "status"));
        }
        TaskStatus st = status;
        int limit = IntentRoutes.limit(req);
        return TaskErrors.guard(() -> tasks.listTasks(st, Access.ownerScope(p), limit).thenApply(views -> {
            ArrayNode a = Json.MAPPER.createArrayNode();
            views.forEach(v -> a.add(TaskJson.task(v)));
            ObjectNode out = Json.object();
            out.set("tasks", a);
            out.put("count", views.size());
            return ApiResponse.ok(out);
        }));
    }

    CompletionStage<ApiResponse> show(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        return TaskErrors.guard(() -> tasks.getTask(req.pathParam("id"), Access.ownerScope(p))
                .thenApply(v -> ApiResponse.ok(TaskJson.task(v))));
    }

    CompletionStage<ApiResponse> audit(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        String id = req.pathParam("id");
        return TaskErrors.guard(() -> tasks.audit(id, Access.ownerScope(p)).thenApply(events -> {
            ObjectNode out = Json.object().put("task_id", id);
            out.set("events", WireJson.auditEvents(events));
            out.put("count", events.size());
            return ApiResponse.ok(out);
        }));
    }

    CompletionStage<ApiResponse> complete(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.ADMIN);
        JsonNode body = object(req.json(), null);
        rejectUnknown(body, Set.of("status"), "");
        JsonNode st = body.get("status");
        TaskStatus outcome = st != null && st.isTextual() ? TaskStatus.fromWire(st.asText()).orElse(null) : null;
        if (outcome != TaskStatus.SUCCEEDED && outcome != TaskStatus.FAILED) {
            throw ApiException.badRequest("invalid_field", "status must be succeeded or failed", "status");
        }
        return TaskErrors.guard(() -> tasks.complete(req.pathParam("id"), outcome, Access.ownerScope(p), actor(p))
                .thenApply(v -> ApiResponse.ok(TaskJson.task(v))));
    }

    CompletionStage<ApiResponse> cancel(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        rejectUnknown(object(req.json(), null), Set.of(), "");
        return TaskErrors.guard(() -> tasks.cancel(req.pathParam("id"), Access.ownerScope(p), actor(p))
                .thenApply(v -> ApiResponse.ok(TaskJson.task(v))));
    }

    CompletionStage<ApiResponse> step(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.ADMIN);
        JsonNode body = req.json();
        return TaskErrors.guard(() -> tasks.requestStep(owner(p), req.pathParam("id"), StepRequest.of(body))
                .thenCompose(this::stepResponse));
    }

    CompletionStage<ApiResponse> getStep(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        Duration wait = waitParam(req);
        return TaskErrors.guard(() -> tasks.awaitStep(req.pathParam("id"), req.pathParam("step_id"),
                Access.ownerScope(p), wait).thenCompose(this::stepResponse));
    }

    /** 200 for an ended step, 202 for a waiting one; a step with an action shows its digest and expiry. */
    CompletionStage<ApiResponse> stepResponse(Step s) {
        int status = s.status().ended() ? 200 : 202;
        if (s.actionId() == null) return CompletableFuture.completedFuture(ApiResponse.json(status, TaskJson.step(s, null)));
        return tasks.getAction(s.actionId(), Optional.empty())
                .thenApply(a -> ApiResponse.json(status, TaskJson.step(s, a)));
    }

    static Duration waitParam(ApiRequest req) {
        String w = req.queryParam("wait");
        if (w == null || w.isEmpty()) return Duration.ZERO;
        try {
            long n = Long.parseLong(w);
            if (n >= 0) return Duration.ofSeconds(Math.min(n, TaskService.MAX_WAIT.toSeconds()));
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("invalid_field", "wait must be a whole number of seconds (at most 60 are waited)",
                "wait");
    }

    static JsonNode object(JsonNode n, String field) {
        if (n == null || !n.isObject()) {
            throw ApiException.badRequest("invalid_field", (field == null ? "the body" : field) + " must be a JSON object",
                    field);
        }
        return n;
    }

    static void rejectUnknown(JsonNode n, Set<String> allowed, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.badRequest("unknown_field", "unknown field '" + prefix + f + "'", prefix + f);
            }
        }
    }

    private static JsonNode optionalObject(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        return object(n, field);
    }

    private static String id(JsonNode ic, String field, boolean required) {
        JsonNode n = ic.get(field);
        String name = "identity_context." + field;
        if (n == null || n.isNull()) {
            if (required) throw ApiException.badRequest("invalid_field", name + " is required", name);
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > MAX_ID_CHARS
                || n.asText().chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_field",
                    name + " must be a non-empty string of at most " + MAX_ID_CHARS + " printable characters", name);
        }
        return n.asText();
    }
}
