package dev.tollgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Demo routes and an auth filter standing in for the real ones, plus what tests need to observe them. */
final class DemoApi implements AutoCloseable {
    record Principal(String name) {
    }

    /** Plays the store thread: routes complete their futures here, never on the event loop. */
    final ScheduledExecutorService store = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-store");
        t.setDaemon(true);
        return t;
    });
    final AtomicInteger bodiesReceived = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    volatile String completedOn;

    Router router() {
        return new Router()
                .get("/v1/things/:id", req -> done(Map.of(
                        "id", req.pathParam("id"),
                        "q", String.valueOf(req.queryParam("q")),
                        "tags", req.queryParams("tag"))))
                .delete("/v1/things/:id", req -> done(Map.of("deleted", req.pathParam("id"))))
                .post("/v1/intents/:id/approve", req -> done(Map.of("approved", req.pathParam("id"))))
                .get("/v1/intents/stats", req -> done(Map.of("stats", true)))
                .get("/fast", req -> done(Map.of("fast", true)))
                .get("/slow/:ms", req -> {
                    CompletableFuture<ApiResponse> later = new CompletableFuture<>();
                    store.schedule(() -> {
                        completedOn = Thread.currentThread().getName();
                        later.complete(ApiResponse.ok(Map.of("slow", req.pathParam("ms"))));
                    }, Long.parseLong(req.pathParam("ms")), TimeUnit.MILLISECONDS);
                    return later;
                })
                .get("/held", req -> CompletableFuture.supplyAsync(() -> {
                    awaitRelease();
                    return ApiResponse.ok(Map.of("held", true));
                }, store))
                .get("/boom", req -> {
                    throw new IllegalStateException("secret-detail from the store");
                })
                .get("/boom-async", req -> CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("secret-detail from the store");
                }, store))
                .get("/conflict", req -> CompletableFuture.failedFuture(new CompletionException(
                        new ApiException(409, "already_decided", "intent already decided", "intentId"))))
                .post("/echo", req -> {
                    JsonNode body = req.json();
                    return done(Map.of("got", body));
                })
                .post("/count", req -> {
                    bodiesReceived.incrementAndGet();
                    return done(Map.of("bytes", req.body().length));
                })
                .get("/private/whoami", req -> done(Map.of("principal", req.attr(Principal.class).name())))
                .get("/text", req -> CompletableFuture.completedFuture(
                        ApiResponse.text(200, "text/plain; charset=utf-8", "hello\n").withHeader("X-Demo", "1")));
    }

    /** Stands in for authentication: only {@code /private/...} routes need the key, like public health routes. */
    static Filter auth() {
        return req -> {
            if (!req.routePattern().startsWith("/private/")) {
                return Filter.pass();
            }
            if (!"good-token".equals(req.bearerToken())) {
                throw ApiException.unauthorized();
            }
            req.setAttr(Principal.class, new Principal("alice"));
            return Filter.pass();
        };
    }

    private static CompletionStage<ApiResponse> done(Object body) {
        return CompletableFuture.completedFuture(ApiResponse.ok(body));
    }

    private void awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        store.shutdownNow();
    }
}
