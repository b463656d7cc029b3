package dev.tollgate.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A step transition: the new status and, when non-null, the reason code and result to record.
 * Moving to {@link StepStatus#RUNNING} sets {@code started_at}; moving to an ended state sets
 * {@code ended_at} and drops the withheld body (the content of a write is no longer needed).
 */
public record StepChange(StepStatus to, String reasonCode, JsonNode result, Instant at) {
    public static StepChange to(StepStatus s, Instant at) { return new StepChange(s, null, null, at); }
}
