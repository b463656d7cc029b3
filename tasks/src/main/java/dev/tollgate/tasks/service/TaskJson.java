package dev.tollgate.tasks.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.task.Identity;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.util.Json;
import java.time.Instant;

/**
 * The wire form of tasks, steps and actions (§7.2, §7.3), snake_case with ISO-8601 times, for
 * the API layer. Actions never carry output or environment values because records do not.
 */
public final class TaskJson {
    private TaskJson() {}

    /** The dispatch contract: the 201 body of POST /v1/tasks. */
    public static ObjectNode dispatchContract(Task t) {
        ObjectNode n = Json.object();
        n.put("task_id", t.id());
        n.put("gateway_id", t.gatewayId());
        n.put("agent_id", t.agentId());
        n.put("execution_surface", TaskService.EXECUTION_SURFACE);
        n.set("tool_invocation", t.toolInvocation());
        n.set("identity_context", identity(t.identity()));
        n.set("cache_context", t.cacheContext());
        n.put("status", t.status().wire());
        n.put("created_at", time(t.createdAt()));
        return n;
    }

    /** A task with its steps (GET /v1/tasks/:id). */
    public static ObjectNode task(TaskView v) {
        ObjectNode n = dispatchContract(v.task());
        n.set("metadata", v.task().metadata());
        n.put("updated_at", time(v.task().updatedAt()));
        ArrayNode steps = n.putArray("steps");
        v.steps().forEach(s -> steps.add(step(s, null)));
        return n;
    }

    /**
     * A step; {@code action} (may be null) adds {@code command_digest} and {@code expires_at} to
     * a step waiting for approval, as the 202 answer needs.
     */
    public static ObjectNode step(Step s, PendingAction action) {
        ObjectNode n = Json.object();
        n.put("step_id", s.id());
        n.put("task_id", s.taskId());
        n.put("seq", s.seq());
        n.put("op", s.op());
        n.put("status", s.status().wire());
        n.put("risk_level", s.riskLevel());
        n.put("risk_reason", s.riskReason());
        if (s.reasonCode() != null) n.put("reason_code", s.reasonCode());
        if (s.actionId() != null) n.put("action_id", s.actionId());
        if (action != null && action.id().equals(s.actionId())) {
            n.put("command_digest", action.commandDigest());
            n.put("expires_at", time(action.expiresAt()));
        }
        if (s.cost() > 0) {
            n.put("cost", s.cost());
            if (s.walletScope() != null) n.putObject("wallet").put("scope", s.walletScope().wire()).put("id", s.walletId());
        }
        n.set("request", s.request());
        n.set("result", s.result());
        n.put("created_at", time(s.createdAt()));
        n.put("started_at", time(s.startedAt()));
        n.put("ended_at", time(s.endedAt()));
        return n;
    }

    /** A pending action as the review queue lists it. */
    public static ObjectNode action(PendingAction a) {
        ObjectNode n = Json.object();
        n.put("action_id", a.id());
        n.put("task_id", a.taskId());
        n.put("step_id", a.stepId());
        n.put("gateway_id", a.gatewayId());
        n.put("agent_id", a.agentId());
        n.set("identity_context", identity(a.identity()));
        n.put("op", a.op());
        n.put("preview", a.preview());
        n.put("cwd", a.cwd());
        n.put("risk_level", a.riskLevel());
        n.put("risk_reason", a.riskReason());
        n.put("scope", a.scope());
        n.put("command_digest", a.commandDigest());
        n.put("status", a.status().wire());
        n.put("created_at", time(a.createdAt()));
        n.put("expires_at", time(a.expiresAt()));
        if (a.decidedBy() != null) n.put("decided_by", a.decidedBy());
        if (a.decidedAt() != null) n.put("decided_at", time(a.decidedAt()));
        if (a.reason() != null) n.put("reason", a.reason());
        if (a.consumedAt() != null) n.put("consumed_at", time(a.consumedAt()));
        return n;
    }

    public static ObjectNode identity(Identity i) {
        return Json.object().put("user_id", i.userId()).put("team_id", i.teamId()).put("org_id", i.orgId());
    }

    private static String time(Instant t) { return t == null ? null : t.toString(); }
}
