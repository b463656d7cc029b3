package dev.tollgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One received request, fully read. Safe to hand to another thread; not meant for concurrent mutation (the
 * attributes are set by a filter, then read by the route after it, which the future chain orders).
 */
public final class ApiRequest {
    private final String method;
    private final RequestTarget target;
    private final HttpHeaders headers;
    private final byte[] body;
    private final InetSocketAddress remoteAddress;
    private final ObjectMapper mapper;

    private String routePattern;
    private Map<String, String> pathParams = Map.of();
    private JsonNode json;
    private Map<Class<?>, Object> attrs;

    ApiRequest(String method, String uri, HttpHeaders headers, byte[] body, InetSocketAddress remoteAddress,
               ObjectMapper mapper) {
        this.method = method;
        this.target = new RequestTarget(uri);
        this.headers = headers;
        this.body = body;
        this.remoteAddress = remoteAddress;
        this.mapper = mapper;
    }

    /** For tests of routes and filters without a server. */
    public static ApiRequestBuilder builder(String method, String uri) {
        return new ApiRequestBuilder(method, uri);
    }

    void bindRoute(String pattern, Map<String, String> params) {
        this.routePattern = pattern;
        this.pathParams = params;
    }

    /** Upper case, as sent: {@code GET}, {@code POST}. */
    public String method() {
        return method;
    }

    /** The request target as sent, query string included. */
    public String uri() {
        return target.uri();
    }

    /** The path without the query string, still percent-encoded (path parameters are decoded). */
    public String path() {
        return target.path();
    }

    /** The pattern the request matched, e.g. {@code /v1/intents/:id}; null before routing. */
    public String routePattern() {
        return routePattern;
    }

    /** The decoded value of {@code :name}, or null when the route has no such parameter. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public Map<String, String> pathParams() {
        return pathParams;
    }

    /** The first value of query parameter {@code name}, or null. */
    public String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of query parameter {@code name}, in order; empty when absent. */
    public List<String> queryParams(String name) {
        return queryParams().getOrDefault(name, List.of());
    }

    /** All query parameters, decoded. */
    public Map<String, List<String>> queryParams() {
        return target.query();
    }

    /** The first value of a header (name compared case-insensitively), or null. */
    public String header(String name) {
        return headers.get(name);
    }

    public List<String> headers(String name) {
        return headers.getAll(name);
    }

    /** The raw body; empty, never null. The array is shared: do not modify it. */
    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as JSON; an empty body reads as {@code {}} (as Express-based Gate servers do).
     *
     * @throws ApiException 415 {@code unsupported_media_type} for a non-empty body not sent as JSON,
     *                      400 {@code malformed_json} when it does not parse
     */
    public JsonNode json() {
        if (json == null) {
            json = JsonBodies.parse(mapper, body, headers.get(HttpHeaderNames.CONTENT_TYPE));
        }
        return json;
    }

    /**
     * The JSON body bound to {@code type} with the server's mapper.
     *
     * @throws ApiException as {@link #json()}, or 400 {@code invalid_field} naming the field that does not bind
     */
    public <T> T json(Class<T> type) {
        return JsonBodies.bind(mapper, json(), type);
    }

    /** The peer's address; null when not on a socket (tests). */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** The credential of {@code Authorization: Bearer <token>}; null when absent, empty or another scheme. */
    public String bearerToken() {
        return BearerToken.parse(headers.get(HttpHeaderNames.AUTHORIZATION));
    }

    /** What a filter stored under {@code type} (the authenticated principal, say), or null. */
    public <T> T attr(Class<T> type) {
        return attrs == null ? null : type.cast(attrs.get(type));
    }

    public <T> void setAttr(Class<T> type, T value) {
        Objects.requireNonNull(type, "type");
        if (attrs == null) {
            attrs = new HashMap<>(4);
        }
        attrs.put(type, type.cast(value));
    }

    @Override
    public String toString() {
        return method + " " + path(); // never headers: they carry credentials
    }
}
