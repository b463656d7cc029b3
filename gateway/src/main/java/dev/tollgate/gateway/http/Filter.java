package dev.tollgate.gateway.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs before the matched route (authentication, for instance), in registration order; the route runs once
 * every filter's future completed normally. Throwing or completing with an {@link ApiException} answers with
 * that error instead. A filter may record what it learned with {@link ApiRequest#setAttr}, and may look at
 * {@link ApiRequest#routePattern()} to leave public routes alone. Runs on the event loop: never block.
 */
@FunctionalInterface
public interface Filter {
    /** Shared and read-only (a minimal stage cannot be completed by a caller), so passing allocates nothing. */
    CompletionStage<Void> PASS = CompletableFuture.completedStage(null);

    CompletionStage<Void> apply(ApiRequest request);

    /** What a filter returns to let the request through. */
    static CompletionStage<Void> pass() {
        return PASS;
    }
}
