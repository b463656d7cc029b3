package dev.tollgate.tasks.service;

/**
 * Why the task service refused a request: a stable snake_case code and the HTTP status the API
 * layer should answer with (this module knows nothing of HTTP itself).
 */
public enum TaskError {
    INVALID_REQUEST("invalid_request", 400),
    FORBIDDEN("forbidden", 403),
    NOT_FOUND("not_found", 404),
    TASK_NOT_RUNNING("task_not_running", 409),
    ALREADY_DECIDED("already_decided", 409),
    DIGEST_MISMATCH("digest_mismatch", 409),
    EXPIRED("expired", 410);

    private final String code;
    private final int httpStatus;

    TaskError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() { return code; }

    public int httpStatus() { return httpStatus; }
}
