package dev.tollgate.tasks.service;

/**
 * A refusal of the task service. Thrown inside store jobs (rolling the job back) or returned as a
 * failed future; callers map {@link #error()} to a JSON error. No stack trace: it is an answer,
 * not a bug.
 */
public final class TaskException extends RuntimeException {
    private final TaskError error;
    private final String field;

    public TaskException(TaskError error, String message, String field) {
        super(message, null, false, false);
        this.error = error;
        this.field = field;
    }

    public TaskException(TaskError error, String message) { this(error, message, null); }

    public TaskError error() { return error; }

    public String code() { return error.code(); }

    public int httpStatus() { return error.httpStatus(); }

    /** The request field at fault, or null. */
    public String field() { return field; }

    static TaskException notFound(String what) { return new TaskException(TaskError.NOT_FOUND, what + " not found"); }
}
