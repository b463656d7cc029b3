package dev.tollgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Talks to a running Tollgate's HTTP API. Every failure becomes an exception the CLI reports
 * in one line: the server's JSON error ({@link ApiException}), or that the server could not be
 * reached ({@link CommandFailure}).
 */
final class ApiClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final String key;
    private final String missingKeyHint;
    private final HttpClient http;

    /**
     * @param base           server URL without a trailing slash, e.g. http://127.0.0.1:4000
     * @param key            bearer key, or null to send none
     * @param missingKeyHint printed after a 401 when no key was sent: where to put one
     */
    ApiClient(URI base, String key, String missingKeyHint) {
        this.base = base;
        this.key = key;
        this.missingKeyHint = missingKeyHint;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One path segment, escaped: an id can never add segments or a query. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    JsonNode post(String path, JsonNode body) {
        return json(send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.compact(body), StandardCharsets.UTF_8))));
    }

    /** The body as text, for answers that are not one JSON document (JSON lines). */
    String getText(String path) {
        return send(request(path).GET());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("User-Agent", "tollgate-cli/" + TollgateVersion.version());
        if (key != null) b.header("Authorization", "Bearer " + key);
        return b;
    }

    private String send(HttpRequest.Builder builder) {
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("connection timed out after " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new CommandFailure(1, "no answer from Tollgate at " + base + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            if (causedBy(e, ConnectException.class)) throw unreachable(reason(e));
            throw new CommandFailure(1, "request to Tollgate at " + base + " failed: " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(1, "interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) return response.body();
        ApiError error = error(status, response.body());
        if (status == 401 && key == null) throw new CommandFailure(1, error.describe(), "hint: " + missingKeyHint);
        throw new ApiException(error);
    }

    private ApiError error(int status, String body) {
        JsonNode json = Json.parse(body).filter(JsonNode::isObject).orElse(null);
        String message = json == null ? "" : Json.text(json, "error");
        if (message.isEmpty()) {
            // A reverse proxy's HTML page, a redirect, a different server: nothing to quote.
            throw new CommandFailure(1, "unexpected HTTP " + status + " from " + base + " (not a Tollgate error response)");
        }
        String code = Json.text(json, "code");
        String field = Json.text(json, "field");
        return new ApiError(status, Terminal.safe(message), code.isEmpty() ? null : Terminal.safe(code),
                field.isEmpty() ? null : Terminal.safe(field));
    }

    private JsonNode json(String body) {
        return Json.parse(body).orElseThrow(() ->
                new CommandFailure(1, "unexpected answer from " + base + ": not JSON (is this a Tollgate server?)"));
    }

    private CommandFailure unreachable(String reason) {
        return new CommandFailure(1, "cannot reach Tollgate at " + base + ": " + reason);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }

    /** The JDK's HTTP client often throws ConnectException without a message; the cause has it. */
    private static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) return c.getMessage();
        }
        return t instanceof ConnectException ? "connection refused" : t.getClass().getSimpleName();
    }
}
