package dev.tollgate.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds an {@link ApiRequest} without a server, so routes and filters can be unit-tested directly. */
public final class ApiRequestBuilder {
    private final String method;
    private final String uri;
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private InetSocketAddress remoteAddress;
    private ObjectMapper mapper = ApiJson.mapper();

    ApiRequestBuilder(String method, String uri) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.uri = uri;
    }

    public ApiRequestBuilder header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public ApiRequestBuilder bearer(String token) {
        return header("Authorization", "Bearer " + token);
    }

    public ApiRequestBuilder body(byte[] body) {
        this.body = body.clone();
        return this;
    }

    /** A JSON body with its {@code Content-Type}. */
    public ApiRequestBuilder json(String json) {
        header("Content-Type", "application/json");
        return body(json.getBytes(StandardCharsets.UTF_8));
    }

    public ApiRequestBuilder pathParam(String name, String value) {
        pathParams.put(name, value);
        return this;
    }

    public ApiRequestBuilder remoteAddress(InetSocketAddress address) {
        this.remoteAddress = address;
        return this;
    }

    public ApiRequestBuilder mapper(ObjectMapper mapper) {
        this.mapper = mapper;
        return this;
    }

    public ApiRequest build() {
        ApiRequest request = new ApiRequest(method, uri, headers, body, remoteAddress, mapper);
        request.bindRoute(null, Map.copyOf(pathParams));
        return request;
    }
}
