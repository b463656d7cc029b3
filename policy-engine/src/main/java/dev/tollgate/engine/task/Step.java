package dev.tollgate.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One step of a task. {@code request} is what the agent asked for, without the fields withheld
 * from records (a write's content: kept apart until the step ends, see
 * {@link TaskReads#stepBody}). {@code riskLevel} is the task channel's tier as its wire name
 * (the engine does not know the tasks module's enum). {@code cost} is what the step was charged
 * and {@code walletScope}/{@code walletId} which wallet paid, all null/0 when nothing was debited.
 */
public record Step(String id, String taskId, int seq, String op, JsonNode request, StepStatus status,
                   String riskLevel, String riskReason, String reasonCode, JsonNode result, String actionId,
                   long cost, WalletScope walletScope, String walletId, Instant createdAt, Instant startedAt,
                   Instant endedAt) {

    public Step withStatus(StepStatus s) {
        return new Step(id, taskId, seq, op, request, s, riskLevel, riskReason, reasonCode, result, actionId, cost,
                walletScope, walletId, createdAt, startedAt, endedAt);
    }
}
