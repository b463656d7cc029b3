package dev.tollgate.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status, extra headers and a body. The framework adds {@code Content-Type},
 * {@code Content-Length}, {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}.
 *
 * @param headers extra headers; a header named here wins over the framework's defaults except
 *                {@code Content-Length}, which is always computed
 */
public record ApiResponse(int status, Body body, Map<String, String> headers) {

    /** The body kinds; sealed so the encoder handles every one. {@link StreamBody}: a long-lived streamed body. */
    public sealed interface Body permits JsonBody, BytesBody, EmptyBody, StreamBody {
    }

    /** Serialised with the server's ObjectMapper as {@code application/json; charset=utf-8}. */
    public record JsonBody(Object value) implements Body {
    }

    /** Sent as is; the array is not copied, so do not change it afterwards. */
    public record BytesBody(byte[] content, String contentType) implements Body {
        public BytesBody {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(contentType, "contentType");
        }
    }

    /** No body at all (204), or an empty one with {@code Content-Length: 0}. */
    public record EmptyBody() implements Body {
    }

    public ApiResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be a final status 200..599, got " + status);
        }
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, new JsonBody(value), Map.of());
    }

    public static ApiResponse ok(Object value) {
        return json(200, value);
    }

    /** {@code text} is sent as UTF-8 under {@code contentType} exactly as given (name the charset in it). */
    public static ApiResponse text(int status, String contentType, String text) {
        return bytes(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public static ApiResponse bytes(int status, String contentType, byte[] content) {
        return new ApiResponse(status, new BytesBody(content, contentType), Map.of());
    }

    /**
     * A long-lived streamed body (e.g. server-sent events): the head is sent at once, then {@code starter} gets
     * the connection as a {@link ResponseStream}. See {@link StreamBody}.
     */
    public static ApiResponse stream(int status, String contentType, StreamBody.Starter starter) {
        return new ApiResponse(status, new StreamBody(contentType, starter), Map.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, new EmptyBody(), Map.of());
    }

    /** A copy with one more header (replacing one of the same name, compared case-insensitively). */
    public ApiResponse withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase(name)) {
                copy.put(k, v);
            }
        });
        copy.put(name, value);
        return new ApiResponse(status, body, copy);
    }
}
