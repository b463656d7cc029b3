package dev.tollgate.gateway.http;

import java.util.concurrent.CompletionStage;

/**
 * One endpoint. Called on the connection's event loop, which must never block: do store or other slow work on
 * another thread and return a future that completes there. Completing exceptionally (or throwing) with an
 * {@link ApiException} sends that error; any other exception sends a 500 and is logged.
 */
@FunctionalInterface
public interface Route {
    CompletionStage<ApiResponse> handle(ApiRequest request);
}
