package dev.tollgate.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@code GET /v1/events} reader as a fetch()-based page does it: Java's HttpClient, the body read line by line. */
final class EventsStream implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One SSE message (lines up to a blank line); {@code comment} when it held only comment lines. */
    record Msg(String id, String event, String data, String retry, String comment) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("data is not JSON: " + data, e);
            }
        }

        long seq() { return Long.parseLong(id.substring(id.lastIndexOf('-') + 1)); }
    }

    final HttpResponse<InputStream> response;
    private final BlockingQueue<Msg> messages = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile String lastId;

    private EventsStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "events-reader");
        reader.setDaemon(true);
        if (response.statusCode() == 200) reader.start();
    }

    static EventsStream open(String base, String key, String lastEventIdHeader, String lastEventIdQuery) {
        String uri = base + "/v1/events"
                + (lastEventIdQuery == null ? "" : "?lastEventId=" + URLEncoder.encode(lastEventIdQuery, StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).GET();
        if (key != null) b.header("Authorization", "Bearer " + key);
        if (lastEventIdHeader != null) b.header("Last-Event-ID", lastEventIdHeader);
        try {
            return new EventsStream(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static EventsStream open(String base, String key) { return open(base, key, null, null); }

    int status() { return response.statusCode(); }

    String bodyText() throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null, event = null, retry = null;
            StringBuilder data = null, comment = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id != null || event != null || data != null || retry != null || comment != null) {
                        if (id != null) lastId = id;
                        messages.add(new Msg(id, event, data == null ? null : data.toString(), retry,
                                comment == null ? null : comment.toString()));
                    }
                    id = event = retry = null;
                    data = comment = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    comment = (comment == null ? new StringBuilder() : comment.append('\n')).append(line.substring(1).strip());
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) value = value.substring(1);
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "retry" -> retry = value;
                    case "data" -> data = (data == null ? new StringBuilder() : data.append('\n')).append(value);
                    default -> throw new AssertionError("unexpected SSE field: " + line);
                }
            }
        } catch (IOException closed) {
            // closed by the test, or by the server
        }
        messages.add(new Msg(null, "<eof>", null, null, null));
    }

    /** The next message of any kind, or null after {@code timeout}. */
    Msg next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message naming an event (comments and id-only messages skipped); fails after {@code timeout}. */
    Msg nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Msg m = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) throw new AssertionError("no event within " + timeout);
            if (m.event() != null) return m;
        }
    }

    /** The next event of {@code type}, skipping other types. */
    Msg nextEvent(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Msg m = nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (type.equals(m.event())) return m;
        }
    }

    /** No further event arrives within {@code quiet}. */
    Msg pollEvent(Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Msg m = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null || m.event() != null) return m;
        }
    }

    String lastId() { return lastId; }

    @Override public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing
        }
        reader.interrupt();
    }
}
