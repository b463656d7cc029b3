package dev.tollgate.engine;

/**
 * A request the engine refuses, with a stable snake_case code from the shared vocabulary. The
 * engine knows nothing of HTTP; the API layer maps {@link Kind} to a status.
 */
public final class EngineException extends RuntimeException {
    public enum Kind { INVALID, FORBIDDEN, NOT_FOUND, CONFLICT, GONE, UNAVAILABLE }

    private final Kind kind;
    private final String code;
    private final String field;
    private final transient Object detail;

    public EngineException(Kind kind, String code, String message, String field, Object detail) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.field = field;
        this.detail = detail;
    }

    public EngineException(Kind kind, String code, String message) { this(kind, code, message, null, null); }

    public static EngineException invalid(String field, String message) {
        return new EngineException(Kind.INVALID, "invalid_field", message, field, null);
    }

    public static EngineException notFound(String what) {
        return new EngineException(Kind.NOT_FOUND, "not_found", what + " not found");
    }

    public static EngineException conflict(String code, String message) {
        return new EngineException(Kind.CONFLICT, code, message);
    }

    public Kind kind() { return kind; }
    public String code() { return code; }
    public String field() { return field; }
    /** Extra data for the response body (e.g. the intent a duplicate points to); may be null. */
    public Object detail() { return detail; }
}
