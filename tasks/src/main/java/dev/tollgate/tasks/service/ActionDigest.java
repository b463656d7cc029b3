package dev.tollgate.tasks.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.audit.CanonicalJson;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.util.Json;

/**
 * The digest an approval is bound to (§7.3): SHA-256 hex over the RFC 8785 canonical JSON of
 * {@code {gateway_id, task_id, step_id, user_id, op, command | (path, content_hash), cwd,
 * policy_version}}. Absent values are JSON null, so the shape (and the digest) is fixed per op
 * kind. Anyone holding the action record and the step can recompute it.
 */
public final class ActionDigest {
    private ActionDigest() {}

    public static String of(TaskContext ctx, String op, ActionSubject subject, String policyVersion) {
        return Hashing.sha256Hex(CanonicalJson.utf8(input(ctx, op, subject, policyVersion)));
    }

    static ObjectNode input(TaskContext ctx, String op, ActionSubject subject, String policyVersion) {
        ObjectNode n = Json.object();
        n.put("gateway_id", ctx.gatewayId());
        n.put("task_id", ctx.taskId());
        n.put("step_id", ctx.stepId());
        n.put("user_id", ctx.identity().userId());
        n.put("op", op);
        if (subject.command() != null) {
            n.put("command", subject.command());
        } else {
            n.put("path", subject.path());
            n.put("content_hash", subject.contentHash());
        }
        n.put("cwd", subject.cwd());
        n.put("policy_version", policyVersion);
        return n;
    }
}
