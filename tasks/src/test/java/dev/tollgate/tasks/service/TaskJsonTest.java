package dev.tollgate.tasks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.Task;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wire forms the API layer sends: the dispatch contract (§7.2) and the approval card fields (§7.3). */
class TaskJsonTest extends Harness {

    @Test void theDispatchContractHasExactlyItsFields() throws Exception {
        Task t = dispatch();
        ObjectNode n = TaskJson.dispatchContract(t);
        assertEquals(List.of("task_id", "gateway_id", "agent_id", "execution_surface", "tool_invocation",
                "identity_context", "cache_context", "status", "created_at"), fieldNames(n));
        assertEquals("hosted_gateway", n.get("execution_surface").asText());
        assertEquals("running", n.get("status").asText());
        assertEquals("u1", n.get("identity_context").get("user_id").asText());
        assertEquals("shell", n.get("tool_invocation").get("tool").asText());
        assertEquals(t.createdAt().toString(), n.get("created_at").asText());
    }

    @Test void aWaitingStepNamesItsActionDigestAndExpiry() throws Exception {
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        PendingAction a = action(s.actionId());
        JsonNode n = TaskJson.step(s, a);
        assertEquals("pending_approval", n.get("status").asText());
        assertEquals(a.id(), n.get("action_id").asText());
        assertEquals(a.commandDigest(), n.get("command_digest").asText());
        assertEquals(a.expiresAt().toString(), n.get("expires_at").asText());
        JsonNode card = TaskJson.action(a);
        for (String f : List.of("action_id", "task_id", "step_id", "gateway_id", "agent_id", "identity_context",
                "preview", "cwd", "risk_level", "risk_reason", "scope", "command_digest", "created_at", "expires_at",
                "status")) {
            assertFalse(card.path(f).isMissingNode(), f);
        }
        JsonNode view = TaskJson.task(get(tasks.getTask(t.id(), Optional.empty())));
        assertEquals(s.id(), view.get("steps").get(0).get("step_id").asText());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
