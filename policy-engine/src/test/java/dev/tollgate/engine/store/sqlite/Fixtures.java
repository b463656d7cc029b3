package dev.tollgate.engine.store.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ReasonCode;
import dev.tollgate.engine.intent.RiskLevel;
import dev.tollgate.engine.util.Ids;
import dev.tollgate.engine.util.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Records and keys for store tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00.000Z");

    private Fixtures() {}

    static AuditChain chain(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return new AuditChain(AuditKey.of(key));
    }

    static SqliteStore open(Path dir) { return SqliteStore.open(dir.resolve("tollgate.db"), chain(1)); }

    static Agent agent(String id) {
        return new Agent(id, "agent " + id, "ops", "standard", AgentStatus.ACTIVE, List.of("p1"), null, "langchain",
                Json.object().put("team", "a"), T0);
    }

    static Intent pending(String agentId, String idempotencyKey) {
        return intent(Ids.intent(), agentId, idempotencyKey, IntentStatus.PENDING_APPROVAL, T0, T0.plusSeconds(3600));
    }

    static Intent intent(String id, String agentId, String idempotencyKey, IntentStatus status, Instant created,
                         Instant expires) {
        ObjectNode meta = Json.object().put("environment", "prod");
        return new Intent(id, agentId, "name-" + agentId, "user@example.com", "stripe.refund", "refunds", "v1hash",
                "ab".repeat(32), "json", 120, 7L, status, ReasonCode.MANUAL_REVIEW_REQUIRED, null, 0.4,
                RiskLevel.MEDIUM, idempotencyKey, meta, null, null, created, expires, null, null, 12.5,
                List.of("pii", "finance"));
    }

    static AuditDraft draft(String intentId, String type) {
        return AuditDraft.forIntent(intentId, type, "agt_x", Json.object().put("type", type), T0);
    }
}
