package dev.tollgate.gateway.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A stand-in Tollgate API on 127.0.0.1: records every request, answers from a function. */
final class TestApiServer implements AutoCloseable {

    record Request(String method, String uri, String authorization, String contentType, String body) {}

    record Response(int status, String body) {}

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    TestApiServer(Function<Request, Response> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> handle(exchange, answer));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Request only() {
        if (requests.size() != 1) throw new AssertionError("expected one request, got " + requests);
        return requests.get(0);
    }

    private void handle(HttpExchange ex, Function<Request, Response> answer) throws IOException {
        Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()),
                ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(req);
        Response resp = answer.apply(req);
        byte[] body = resp.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(resp.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
        ex.close();
    }

    @Override public void close() {
        server.stop(0);
    }
}
