/**
 * The API listener: a non-blocking HTTP/1.1 server routing JSON requests to
 * {@link dev.tollgate.gateway.http.Route}s.
 *
 * <pre>{@code
 * Router router = new Router()
 *         .get("/healthz", req -> CompletableFuture.completedFuture(ApiResponse.ok(Map.of("status", "ok"))))
 *         .post("/v1/intents/:id/approve", req -> store.approve(req.pathParam("id"), req.attr(Caller.class))
 *                 .thenApply(result -> ApiResponse.ok(result)));        // a future completed on the store thread
 * ApiServer server = ApiServer.builder(router)
 *         .host("127.0.0.1").port(4000)
 *         .filter(authentication)                                       // runs before every matched route
 *         .build().start();
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Routes and filters run on the connection's event loop and must never block. Errors are
 * {@link dev.tollgate.gateway.http.ApiException}s; anything else becomes a logged 500. Loggers:
 * {@code dev.tollgate.gateway.http} (errors) and {@code dev.tollgate.gateway.http.access} (one DEBUG line per
 * request).
 */
package dev.tollgate.gateway.http;
