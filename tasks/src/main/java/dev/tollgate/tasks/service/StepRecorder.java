package dev.tollgate.tasks.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.store.StoreTx;
import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.task.TaskWrites;
import dev.tollgate.engine.task.WalletScope;
import dev.tollgate.engine.util.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * Records a requested step and its verdict in one job (§7.2): the step, its audit trail
 * (requested, classified), and by verdict: blocked; a pending action (with its digest and expiry);
 * or, when allowed, the step marked running. The wallet debit is made in the same job, so a step
 * is paid for exactly when it is recorded (§7.7); with no wallet able to pay, the step is held
 * (and an action it needs is created anyway: the approval clock runs while held).
 */
final class StepRecorder {
    record Recorded(Task task, Step step, Assessment assessment, Changes changes) {}

    private StepRecorder() {}

    static Recorded record(StoreTx tx, String agentId, String taskId, String stepId, StepRequest request,
                           Assessment a, TaskContext ctx, TaskSettings settings, Instant now) {
        TaskWrites w = tx.tasks();
        Changes ch = new Changes();
        // Checked again inside the job: the task may have been cancelled while the governor ran.
        Task task = w.task(taskId).filter(t -> t.agentId().equals(agentId))
                .orElseThrow(() -> TaskException.notFound("task " + taskId));
        if (!task.running()) throw TaskService.notRunning(task);
        int seq = w.nextStepSeq(taskId);
        String op = request.op();

        TaskAudit.append(tx, task, stepId, TaskEvents.STEP_REQUESTED, agentId, now, Json.object().put("op", op)
                .put("seq", seq).put("preview", a.preview()).put("cwd", a.subject().cwd()));
        ArrayNode reasons = Json.MAPPER.createArrayNode();
        a.reasons().forEach(reasons::add);
        ObjectNode classified = Json.object().put("op", op).put("decision", a.decision().wire())
                .put("risk_level", a.risk().wire()).put("reason_code", a.reasonCode())
                .put("policy_version", a.policyVersion()).put("approval_required", a.needsApproval());
        classified.set("reasons", reasons);
        TaskAudit.append(tx, task, stepId, TaskEvents.STEP_CLASSIFIED, TaskAudit.SYSTEM, now, classified);

        if (a.decision() == Decision.BLOCKED) {
            String code = a.reasonCode() == null ? "blocked" : a.reasonCode();
            Step blocked = step(stepId, taskId, seq, request, StepStatus.BLOCKED, a, code, null, 0, null, null, now);
            w.insertStep(blocked, null);
            if (StepRunner.isFileOp(op)) {
                TaskAudit.append(tx, task, stepId, TaskEvents.FILE_OPERATION, agentId, now, Json.object().put("op", op)
                        .put("path", a.subject().path()).put("outcome", "blocked").put("reason_code", code)
                        .put("bytes", 0));
            }
            return done(tx, task, stepId, a, ch);
        }

        boolean approval = a.needsApproval();
        Optional<WalletCascade.Debit> paid = Optional.empty();
        boolean held = false;
        if (settings.walletsEnabled() && a.cost() > 0) {
            paid = WalletCascade.debit(tx, task, stepId, a.cost(), now);
            held = paid.isEmpty();
        }
        String actionId = approval ? TaskService.newId("act_") : null;
        StepStatus status = held ? StepStatus.HELD_INSUFFICIENT_BALANCE
                : approval ? StepStatus.PENDING_APPROVAL : StepStatus.RUNNING;
        WalletScope scope = paid.map(WalletCascade.Debit::scope).orElse(null);
        String walletId = paid.map(WalletCascade.Debit::walletId).orElse(null);
        w.insertStep(step(stepId, taskId, seq, request, status, a, null, actionId,
                settings.walletsEnabled() ? a.cost() : 0, scope, walletId, now), request.withheldJson());
        if (held) {
            ObjectNode m = Json.object().put("op", op).put("cost", a.cost()).put("action_id", actionId);
            m.set("wallets", WalletCascade.tried(task.identity()));
            TaskAudit.append(tx, task, stepId, TaskEvents.STEP_HELD_BALANCE, TaskAudit.SYSTEM, now, m);
        }
        if (approval) {
            PendingAction action = new PendingAction(actionId, taskId, stepId, task.gatewayId(), task.agentId(),
                    task.identity(), op, a.preview(), a.subject().cwd(), a.risk().wire(), a.reasonText(), a.scope(),
                    ActionDigest.of(ctx, op, a.subject(), a.policyVersion()), a.policyVersion(), ActionStatus.PENDING,
                    null, null, null, now, now.plus(settings.approvalTimeout()), null);
            w.insertAction(action);
            TaskAudit.append(tx, task, stepId, TaskEvents.ACTION_PENDING, TaskAudit.SYSTEM, now, Json.object()
                    .put("action_id", actionId).put("op", op).put("preview", a.preview()).put("cwd", a.subject().cwd())
                    .put("risk_level", a.risk().wire()).put("risk_reason", a.reasonText()).put("scope", a.scope())
                    .put("command_digest", action.commandDigest()).put("expires_at", action.expiresAt().toString()));
            ch.created.add(action);
        } else if (!held) {
            TaskAudit.append(tx, task, stepId, TaskEvents.STEP_STARTED, TaskAudit.SYSTEM, now,
                    Json.object().put("op", op));
        }
        return done(tx, task, stepId, a, ch);
    }

    private static Recorded done(StoreTx tx, Task task, String stepId, Assessment a, Changes ch) {
        Step step = Transitions.step(tx, stepId);
        ch.step(step);
        return new Recorded(task, step, a, ch);
    }

    private static Step step(String id, String taskId, int seq, StepRequest request, StepStatus status, Assessment a,
                             String reasonCode, String actionId, long cost, WalletScope scope, String walletId,
                             Instant now) {
        return new Step(id, taskId, seq, request.op(), request.recorded(), status, a.risk().wire(), a.reasonText(),
                reasonCode, null, actionId, cost, scope, walletId, now, status == StepStatus.RUNNING ? now : null,
                status.ended() ? now : null);
    }
}
