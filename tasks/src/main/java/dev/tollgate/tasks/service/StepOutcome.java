package dev.tollgate.tasks.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What running a step produced. {@code result} is the step's result as the agent sees it (for
 * shell: exit_code, stdout, stderr, *_truncated, duration_ms, timed_out); it is stored on the step
 * but never audited. {@code bytes} counts bytes read or written by a file operation.
 */
public record StepOutcome(Status status, JsonNode result, long bytes) {
    /** completed: the operation ran (a shell command exited, whatever its code); failed: it could not, or timed out. */
    public enum Status { COMPLETED, FAILED }

    public static StepOutcome completed(JsonNode result, long bytes) { return new StepOutcome(Status.COMPLETED, result, bytes); }

    public static StepOutcome failed(JsonNode result) { return new StepOutcome(Status.FAILED, result, 0); }
}
