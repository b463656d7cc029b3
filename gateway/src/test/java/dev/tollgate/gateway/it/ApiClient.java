package dev.tollgate.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** Java's HttpClient with one key; every call returns status and parsed JSON body. */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Supplier<String> base;
    private final String key;

    ApiClient(Supplier<String> base, String key) {
        this.base = base;
        this.key = key;
    }

    public record Reply(int status, JsonNode json, String body, HttpResponse<String> raw) {
        public String text(String field) { return json.path(field).asText(null); }
    }

    public Reply get(String path) { return send(HttpRequest.newBuilder(uri(path)).GET()); }

    public Reply post(String path, Object body) {
        String text = body instanceof String s ? s : Json.MAPPER.valueToTree(body).toString();
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    public Reply postRaw(String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return send(b);
    }

    private URI uri(String path) { return URI.create(base.get() + path); }

    private Reply send(HttpRequest.Builder b) {
        if (key != null) b.header("Authorization", "Bearer " + key);
        b.timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = r.body().isEmpty() ? Json.object() : Json.MAPPER.readTree(r.body());
            } catch (IOException notJson) {
                json = Json.object();
            }
            return new Reply(r.statusCode(), json, r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode obj(Object... kv) {
        ObjectNode n = Json.object();
        for (int i = 0; i < kv.length; i += 2) n.set((String) kv[i], Json.MAPPER.valueToTree(kv[i + 1]));
        return n;
    }
}
