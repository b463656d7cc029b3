package dev.tollgate.gateway.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An error that is the client's to see: it becomes {@code {"error": message, "code": code}} (plus {@code "field"}
 * when one input is at fault, SPEC §4.6). Throw it from a route or filter, or complete a future with it; a
 * {@link java.util.concurrent.CompletionException} around it is unwrapped. Anything else becomes a 500.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message, String field) {
        this(status, code, message, field, Map.of());
    }

    private ApiException(int status, String code, String message, String field, Map<String, String> headers) {
        // No stack trace: these are expected outcomes (a 401 per bad key), thrown often and never logged with a trace.
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an ApiException needs a 4xx or 5xx status, got " + status);
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The input at fault, or null. */
    public String field() {
        return field;
    }

    /** Extra response headers, e.g. {@code WWW-Authenticate} or {@code Allow}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** A copy that also sends {@code name: value} with the error response. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiException(status, code, getMessage(), field, Map.copyOf(copy));
    }

    public ApiResponse toResponse() {
        ApiResponse response = ApiResponse.json(status, new ErrorBody(getMessage(), code, field));
        for (Map.Entry<String, String> h : headers.entrySet()) {
            response = response.withHeader(h.getKey(), h.getValue());
        }
        return response;
    }

    public static ApiException badRequest(String code, String message, String field) {
        return new ApiException(400, code, message, field);
    }

    public static ApiException unauthorized() {
        return unauthorized("missing or invalid API key");
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, null).withHeader("WWW-Authenticate", "Bearer");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message, null);
    }

    public static ApiException gone(String code, String message) {
        return new ApiException(410, code, message, null);
    }

    public static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "payload_too_large", "request body exceeds " + maxBytes + " bytes", null);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "unsupported_media_type", message, null);
    }

    public static ApiException rateLimited(String message) {
        return new ApiException(429, "rate_limited", message, null);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "store_unavailable", message, null);
    }
}
