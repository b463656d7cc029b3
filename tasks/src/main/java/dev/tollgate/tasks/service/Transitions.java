package dev.tollgate.tasks.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.store.StoreTx;
import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepChange;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.task.TaskWrites;
import dev.tollgate.engine.util.Json;
import java.time.Instant;

/**
 * The state changes that end a step before it runs (expiry, denial, cancellation, refusal),
 * each inside the caller's job: the action's compare-and-set, the step's, the refund of what the
 * step paid, the audit event, and the note for publishing after commit. A lost compare-and-set
 * changes nothing and reports false.
 */
final class Transitions {
    private Transitions() {}

    static Step step(StoreTx tx, String stepId) { return tx.tasks().step(stepId).orElseThrow(); }

    static PendingAction action(StoreTx tx, String actionId) { return tx.tasks().action(actionId).orElseThrow(); }

    /** Ends a not-started step: its new status, reason code, refund; true when it was not started. */
    static boolean endStep(StoreTx tx, Task task, String stepId, StepStatus to, String reasonCode, Instant now,
                           Changes ch) {
        Step before = step(tx, stepId);
        if (!tx.tasks().casStep(stepId, StepStatus.NOT_STARTED, new StepChange(to, reasonCode, null, now))) return false;
        WalletCascade.refund(tx, task, stepId, before.walletScope(), before.walletId(), before.cost(), now);
        ch.step(step(tx, stepId));
        return true;
    }

    /** pending (or approved, at execution time) → expired; the step becomes expired. */
    static boolean expire(StoreTx tx, Task task, PendingAction a, ActionStatus from, Instant now, Changes ch) {
        if (!tx.tasks().decideAction(a.id(), from, ActionStatus.EXPIRED, TaskAudit.SYSTEM, "approval window elapsed",
                now)) {
            return false;
        }
        endStep(tx, task, a.stepId(), StepStatus.EXPIRED, "expired", now, ch);
        TaskAudit.append(tx, task, a.stepId(), TaskEvents.ACTION_EXPIRED, TaskAudit.SYSTEM, now, Json.object()
                .put("action_id", a.id()).put("expires_at", a.expiresAt().toString())
                .put("command_digest", a.commandDigest()).put("risk_level", a.riskLevel()).put("preview", a.preview()));
        ch.decided.add(action(tx, a.id()));
        return true;
    }

    /** pending → denied by a reviewer; the step is stopped_by_user and never runs. */
    static boolean deny(StoreTx tx, Task task, PendingAction a, String reviewer, String reason, Instant now,
                        Changes ch) {
        if (!tx.tasks().decideAction(a.id(), ActionStatus.PENDING, ActionStatus.DENIED, reviewer, reason, now)) {
            return false;
        }
        endStep(tx, task, a.stepId(), StepStatus.STOPPED_BY_USER, null, now, ch);
        ObjectNode m = Json.object().put("action_id", a.id()).put("by", reviewer).put("reason", reason)
                .put("command_digest", a.commandDigest()).put("risk_level", a.riskLevel()).put("preview", a.preview());
        TaskAudit.append(tx, task, a.stepId(), TaskEvents.ACTION_DENIED, reviewer, now, m);
        ch.decided.add(action(tx, a.id()));
        return true;
    }

    /**
     * pending or approved → cancelled (the task ended, or execution-time checks refused it); the
     * step becomes {@code stepTo} with {@code reasonCode}. The reason is audited.
     */
    static boolean cancel(StoreTx tx, Task task, PendingAction a, StepStatus stepTo, String reasonCode, String reason,
                          String actor, Instant now, Changes ch) {
        if (a.status() != ActionStatus.PENDING && a.status() != ActionStatus.APPROVED) return false;
        if (!tx.tasks().decideAction(a.id(), a.status(), ActionStatus.CANCELLED, actor, reason, now)) return false;
        endStep(tx, task, a.stepId(), stepTo, reasonCode, now, ch);
        TaskAudit.append(tx, task, a.stepId(), TaskEvents.ACTION_CANCELLED, actor, now, Json.object()
                .put("action_id", a.id()).put("reason", reason).put("reason_code", reasonCode)
                .put("command_digest", a.commandDigest()));
        ch.decided.add(action(tx, a.id()));
        return true;
    }

    /** Every not-started step of the task ends cancelled, and its pending or approved action with it. */
    static void cancelWaiting(StoreTx tx, Task task, String reason, String actor, Instant now, Changes ch) {
        TaskWrites w = tx.tasks();
        for (Step s : w.steps(task.id())) {
            if (!StepStatus.NOT_STARTED.contains(s.status())) continue;
            PendingAction a = s.actionId() == null ? null : w.action(s.actionId()).orElse(null);
            if (a == null || !cancel(tx, task, a, StepStatus.CANCELLED, "task_not_running", reason, actor, now, ch)) {
                endStep(tx, task, s.id(), StepStatus.CANCELLED, "task_not_running", now, ch);
            }
        }
    }
}
