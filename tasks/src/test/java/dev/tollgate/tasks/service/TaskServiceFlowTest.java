package dev.tollgate.tasks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.task.TaskStatus;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.util.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The step and approval flows of §7.2 and §7.3 against a real store, with fake governor and performer. */
class TaskServiceFlowTest extends Harness {

    @Test void dispatchRecordsTheContract() throws Exception {
        Task t = dispatch();
        assertTrue(t.id().matches("tsk_[0-9a-f]{16}"), t.id());
        assertEquals(GW, t.gatewayId());
        assertEquals(TaskStatus.RUNNING, t.status());
        TaskView v = get(tasks.getTask(t.id(), Optional.of(AGENT)));
        assertEquals(t, v.task());
        assertEquals(List.of(), v.steps());
        assertEquals(List.of("task_dispatched"), types(t));
        assertEquals("hosted_gateway", audit(t).get(0).metadata().get("execution_surface").asText());
    }

    @Test void allowedStepRunsOnceAndIsRecorded() throws Exception {
        Task t = dispatch();
        Step s = step(t, "ls -la");
        assertEquals(StepStatus.COMPLETED, s.status());
        assertTrue(s.id().matches("stp_[0-9a-f]{16}"), s.id());
        assertEquals(1, s.seq());
        assertEquals("safe", s.riskLevel());
        assertEquals(FakePerformer.STDOUT, s.result().get("stdout").asText(), "the agent gets its output");
        assertNotNull(s.startedAt());
        assertNotNull(s.endedAt());
        assertNull(s.actionId());
        assertEquals(1, performer.runsOf(s.id()));
        assertEquals(List.of("task_dispatched", "step_requested", "step_classified", "step_started", "step_completed"),
                types(t));
        JsonNode done = audit(t).get(4).metadata();
        assertEquals(0, done.get("exit_code").asInt());
        assertEquals(FakePerformer.STDOUT.length(), done.get("stdout_bytes").asInt());
        assertEquals(2, step(t, "echo hi").seq());
    }

    @Test void blockedStepEndsWithItsReasonAndNeverRuns() throws Exception {
        Task t = dispatch();
        Step s = step(t, "sudo reboot");
        assertEquals(StepStatus.BLOCKED, s.status());
        assertEquals("blocked_command", s.reasonCode());
        assertNotNull(s.endedAt());
        assertEquals(0, performer.total.get());
        assertEquals(List.of("task_dispatched", "step_requested", "step_classified"), types(t));
        JsonNode classified = audit(t).get(2).metadata();
        assertEquals("blocked", classified.get("decision").asText());
        assertEquals("sudo reboot: blocked_commands", classified.get("reasons").get(0).asText());
    }

    @Test void approvalWithTheRightDigestRunsExactlyOnce() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        assertEquals(StepStatus.PENDING_APPROVAL, s.status());
        PendingAction a = action(s.actionId());
        assertEquals(ActionStatus.PENDING, a.status());
        assertEquals(s.createdAt().plus(TIMEOUT), a.expiresAt());
        assertEquals("rm -rf build", a.preview());
        assertEquals("/srv/p", a.cwd());
        assertEquals("destructive", a.riskLevel());
        assertEquals("./build", a.scope());
        assertEquals(WHO, a.identity());
        // The digest, recomputed by hand from RFC 8785 (keys sorted, no spaces).
        String canonical = "{\"command\":\"rm -rf build\",\"cwd\":\"/srv/p\",\"gateway_id\":\"gw-test\",\"op\":\"shell\","
                + "\"policy_version\":\"pv1\",\"step_id\":\"" + s.id() + "\",\"task_id\":\"" + t.id()
                + "\",\"user_id\":\"u1\"}";
        assertEquals(Hashing.sha256Hex(canonical), a.commandDigest());
        assertEquals(0, performer.total.get(), "nothing runs before approval");

        TaskException wrong = failure(tasks.approve(a.id(), REVIEWER, "0".repeat(64)));
        assertEquals(TaskError.DIGEST_MISMATCH, wrong.error());
        assertEquals(409, wrong.httpStatus());
        assertEquals(ActionStatus.PENDING, action(a.id()).status(), "a wrong digest decides nothing");

        ActionDecision d = get(tasks.approve(a.id(), REVIEWER, a.commandDigest().toUpperCase()));
        assertEquals(ActionStatus.APPROVED, d.action().status());
        assertEquals(REVIEWER, d.action().decidedBy());
        Step ended = get(d.execution());
        assertEquals(StepStatus.COMPLETED, ended.status());
        assertEquals(1, performer.runsOf(s.id()));
        assertEquals(ActionStatus.CONSUMED, action(a.id()).status());
        assertNotNull(action(a.id()).consumedAt());

        assertEquals(TaskError.ALREADY_DECIDED, failure(tasks.approve(a.id(), REVIEWER, a.commandDigest())).error());
        assertEquals(1, performer.runsOf(s.id()), "an approval is single-use");
        assertEquals(List.of("task_dispatched", "step_requested", "step_classified", "action_pending", "action_approved",
                "step_started", "step_completed"), types(t));
        AuditEvent approved = audit(t).get(4);
        assertEquals(REVIEWER, approved.actor());
        assertEquals(REVIEWER, approved.metadata().get("by").asText());
        assertEquals(List.of("created:" + a.id(), "approved:" + a.id(), "consumed:" + a.id()), listener.events);
    }

    @Test void criticalAlwaysNeedsApprovalWhateverTheGovernorSays() throws Exception {
        Task t = dispatch();
        Step s = step(t, "dd if=/dev/zero of=/dev/sda");
        assertEquals(StepStatus.PENDING_APPROVAL, s.status());
        assertEquals("critical", action(s.actionId()).riskLevel());
        assertEquals(0, performer.total.get());
    }

    @Test void denyStopsTheStepForGood() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        ActionDecision d = get(tasks.deny(s.actionId(), REVIEWER, "not now"));
        assertEquals(ActionStatus.DENIED, d.action().status());
        assertEquals("not now", d.action().reason());
        assertEquals(StepStatus.STOPPED_BY_USER, d.step().status());
        assertNotNull(d.step().endedAt());
        String digest = d.action().commandDigest();
        assertEquals(TaskError.ALREADY_DECIDED, failure(tasks.approve(s.actionId(), REVIEWER, digest)).error());
        assertEquals(TaskError.ALREADY_DECIDED, failure(tasks.deny(s.actionId(), REVIEWER, null)).error());
        assertEquals(0, performer.total.get());
        AuditEvent denied = audit(t).get(audit(t).size() - 1);
        assertEquals("action_denied", denied.eventType());
        assertEquals("not now", denied.metadata().get("reason").asText());
    }

    @Test void anExpiredActionCannotBeApproved() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        String digest = action(s.actionId()).commandDigest();
        clock.advance(TIMEOUT);
        TaskException e = failure(tasks.approve(s.actionId(), REVIEWER, digest));
        assertEquals(TaskError.EXPIRED, e.error());
        assertEquals(410, e.httpStatus());
        assertEquals(ActionStatus.EXPIRED, action(s.actionId()).status(), "marked expired, committed");
        assertEquals(StepStatus.EXPIRED, reload(s).status());
        assertEquals(TaskError.EXPIRED, failure(tasks.approve(s.actionId(), REVIEWER, digest)).error());
        assertEquals(0, performer.total.get());
        assertEquals("action_expired", types(t).get(types(t).size() - 1));
    }

    @Test void theSweepAndEveryReadExpireOverdueActions() throws Exception {
        Task t = dispatch();
        Step a = step(t, "rm -rf a");
        Step b = step(t, "rm -rf b");
        clock.advance(TIMEOUT.minusSeconds(1));
        assertEquals(2, get(tasks.listActions(ActionStatus.PENDING, Optional.empty())).size());
        assertEquals(List.of(), get(tasks.expireOverdue()), "not yet");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), get(tasks.listActions(ActionStatus.PENDING, Optional.empty())),
                "a listing never shows an overdue action as pending");
        assertEquals(ActionStatus.EXPIRED, action(a.actionId()).status());
        assertEquals(ActionStatus.EXPIRED, action(b.actionId()).status());
        assertEquals(StepStatus.EXPIRED, reload(a).status());
        assertEquals(List.of(), get(tasks.expireOverdue()), "expired once");
        assertEquals(2, types(t).stream().filter("action_expired"::equals).count());
    }

    @Test void executionRefusesWhenThePolicyChangedAfterTheRequest() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        PendingAction a = action(s.actionId());
        governor.policyVersion = "pv2";
        ActionDecision d = get(tasks.approve(a.id(), REVIEWER, a.commandDigest()));
        Step ended = get(d.execution());
        assertEquals(StepStatus.BLOCKED, ended.status());
        assertEquals("digest_mismatch", ended.reasonCode());
        assertEquals(ActionStatus.CANCELLED, action(a.id()).status());
        assertEquals(0, performer.total.get());
        AuditEvent last = audit(t).get(audit(t).size() - 1);
        assertEquals("action_cancelled", last.eventType());
        assertEquals("digest_mismatch", last.metadata().get("reason_code").asText());
    }

    @Test void anAgentCannotTouchAnotherAgentsTask() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        assertEquals(TaskError.NOT_FOUND, failure(tasks.requestStep(OTHER, t.id(), shell("ls"))).error());
        assertEquals(TaskError.NOT_FOUND, failure(tasks.getTask(t.id(), Optional.of(OTHER))).error());
        assertEquals(TaskError.NOT_FOUND, failure(tasks.getStep(t.id(), s.id(), Optional.of(OTHER))).error());
        assertEquals(TaskError.NOT_FOUND, failure(tasks.cancel(t.id(), Optional.of(OTHER), OTHER)).error());
        assertEquals(TaskError.NOT_FOUND, failure(tasks.getAction(s.actionId(), Optional.of(OTHER))).error());
        assertEquals(List.of(), get(tasks.listActions(ActionStatus.PENDING, Optional.of(OTHER))));
        assertEquals(1, get(tasks.listActions(ActionStatus.PENDING, Optional.of(AGENT))).size());
        assertEquals(List.of(), get(tasks.listTasks(null, Optional.of(OTHER), 50)));
        assertEquals(TaskStatus.RUNNING, get(tasks.getTask(t.id(), Optional.empty())).task().status());
        assertEquals(0, performer.total.get());
    }

    @Test void cancellingATaskCancelsItsPendingActions() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        String digest = action(s.actionId()).commandDigest();
        TaskView v = get(tasks.cancel(t.id(), Optional.of(AGENT), AGENT));
        assertEquals(TaskStatus.CANCELLED, v.task().status());
        assertEquals(StepStatus.CANCELLED, v.steps().get(0).status());
        assertEquals(ActionStatus.CANCELLED, action(s.actionId()).status());
        assertEquals(TaskError.ALREADY_DECIDED, failure(tasks.approve(s.actionId(), REVIEWER, digest)).error());
        TaskException refused = failure(tasks.requestStep(AGENT, t.id(), shell("ls")));
        assertEquals(TaskError.TASK_NOT_RUNNING, refused.error());
        assertEquals(409, refused.httpStatus());
        assertEquals(TaskError.TASK_NOT_RUNNING, failure(tasks.cancel(t.id(), Optional.empty(), "admin")).error());
        assertEquals(0, performer.total.get());
        List<String> types = types(t);
        assertTrue(types.indexOf("action_cancelled") < types.indexOf("task_cancelled"), types.toString());
        assertTrue(listener.events.contains("cancelled:" + s.actionId()));
    }

    @Test void completingATaskEndsIt() throws Exception {
        Task t = dispatch();
        step(t, "ls");
        assertEquals(TaskError.INVALID_REQUEST,
                failure(tasks.complete(t.id(), TaskStatus.CANCELLED, Optional.of(AGENT), AGENT)).error());
        assertEquals(TaskStatus.SUCCEEDED,
                get(tasks.complete(t.id(), TaskStatus.SUCCEEDED, Optional.of(AGENT), AGENT)).task().status());
        assertEquals(TaskError.TASK_NOT_RUNNING,
                failure(tasks.complete(t.id(), TaskStatus.FAILED, Optional.of(AGENT), AGENT)).error());
        assertEquals(TaskError.TASK_NOT_RUNNING, failure(tasks.requestStep(AGENT, t.id(), shell("ls"))).error());
    }

    @Test void aWriteIsRecordedWithoutItsContentAndAuditedAsAFileOperation() throws Exception {
        Task t = dispatch();
        StepRequest write = StepRequest.of(Json.object().put("op", "write_file").put("path", "/srv/p/notes.txt")
                .put("content", "top secret text"));
        Step s = get(tasks.requestStep(AGENT, t.id(), write));
        assertEquals(StepStatus.PENDING_APPROVAL, s.status());
        assertFalse(s.request().has("content"), "content is not part of the step record");
        assertEquals("/srv/p/notes.txt", s.request().get("path").asText());
        PendingAction a = action(s.actionId());
        ActionDecision d = get(tasks.approve(a.id(), REVIEWER, a.commandDigest()));
        Step ended = get(d.execution());
        assertEquals(StepStatus.COMPLETED, ended.status());
        assertEquals(15, ended.result().get("bytes_written").asInt(), "the content survived until the run");
        AuditEvent fileOp = audit(t).stream().filter(e -> e.eventType().equals("file_operation")).findFirst()
                .orElseThrow();
        assertEquals("/srv/p/notes.txt", fileOp.metadata().get("path").asText());
        assertEquals("completed", fileOp.metadata().get("outcome").asText());
        assertEquals(15, fileOp.metadata().get("bytes").asInt());
        for (AuditEvent e : audit(t)) assertFalse(e.metadata().toString().contains("top secret"), e.toString());
    }

    @Test void aBlockedFileStepIsAuditedAsARefusedFileOperation() throws Exception {
        Task t = dispatch();
        Step s = get(tasks.requestStep(AGENT, t.id(), StepRequest.of(Json.object().put("op", "read_file_chunk")
                .put("path", "/srv/p/../etc/passwd"))));
        assertEquals(StepStatus.BLOCKED, s.status());
        assertEquals("invalid_path", s.reasonCode());
        AuditEvent last = audit(t).get(audit(t).size() - 1);
        assertEquals("file_operation", last.eventType());
        assertEquals("blocked", last.metadata().get("outcome").asText());
    }

    @Test void everyTaskEventCarriesTheAttributionAndNeverOutput() throws Exception {
        Task t = dispatch();
        step(t, "ls");
        step(t, "sudo x");
        Step pending = step(t, "rm -rf build");
        get(get(tasks.approve(pending.actionId(), REVIEWER, action(pending.actionId()).commandDigest())).execution());
        Step denied = step(t, "git push --force");
        get(tasks.deny(denied.actionId(), REVIEWER, null));
        step(t, "rm -rf other");
        get(tasks.cancel(t.id(), Optional.empty(), "admin"));
        List<AuditEvent> events = audit(t);
        assertEquals(List.of("task_dispatched", "step_requested", "step_classified", "step_started", "step_completed",
                "step_requested", "step_classified", "step_requested", "step_classified", "action_pending",
                "action_approved", "step_started", "step_completed", "step_requested", "step_classified",
                "action_pending", "action_denied", "step_requested", "step_classified", "action_pending",
                "action_cancelled", "task_cancelled"), events.stream().map(AuditEvent::eventType).toList());
        for (AuditEvent e : events) {
            assertEquals(t.id(), e.taskId());
            JsonNode m = e.metadata();
            for (String f : List.of("step_id", "gateway_id", "agent_id", "user_id", "team_id", "org_id")) {
                assertTrue(m.has(f), e.eventType() + " lacks " + f);
            }
            assertEquals(GW, m.get("gateway_id").asText());
            assertEquals(AGENT, m.get("agent_id").asText());
            assertEquals("u1", m.get("user_id").asText());
            assertEquals("t1", m.get("team_id").asText());
            assertEquals("o1", m.get("org_id").asText());
            if (!e.eventType().startsWith("task_")) assertTrue(m.get("step_id").asText().startsWith("stp_"));
            assertFalse(m.toString().contains(FakePerformer.STDOUT), "no output in " + e.eventType());
        }
    }

    @Test void invalidRequestsAreRefusedWithTheirField() {
        TaskException noOp = org.junit.jupiter.api.Assertions.assertThrows(TaskException.class,
                () -> StepRequest.of(Json.object().put("command", "ls")));
        assertEquals("op", noOp.field());
        assertEquals(400, noOp.httpStatus());
        assertEquals(TaskError.INVALID_REQUEST, failure(tasks.approve("act_x", REVIEWER, " ")).error());
        assertEquals(TaskError.NOT_FOUND, failure(tasks.approve("act_x", REVIEWER, "ab")).error());
        assertEquals(TaskError.NOT_FOUND, failure(tasks.requestStep(AGENT, "tsk_nope", shell("ls"))).error());
    }
}
