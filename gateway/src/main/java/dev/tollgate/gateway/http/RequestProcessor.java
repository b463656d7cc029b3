package dev.tollgate.gateway.http;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Routing, filters, route: everything between "a request arrived" and "this is the response", with no
 * knowledge of channels. The returned future never fails: every failure is already an error response.
 */
final class RequestProcessor {
    private final Router router;
    private final List<Filter> filters;

    RequestProcessor(Router router, List<Filter> filters) {
        this.router = router;
        this.filters = List.copyOf(filters);
    }

    CompletionStage<ApiResponse> process(ApiRequest request) {
        CompletionStage<ApiResponse> outcome;
        try {
            Router.Match match = router.match(request.method(), request.path());
            if (match instanceof Router.Found found) {
                request.bindRoute(found.pattern(), found.params());
                outcome = filters.isEmpty()
                        ? invoke(found.route(), request)
                        : runFilters(request, 0).thenCompose(passed -> invoke(found.route(), request));
            } else if (match instanceof Router.NotAllowed notAllowed) {
                outcome = CompletableFuture.failedFuture(new ApiException(405, "method_not_allowed",
                        "method " + request.method() + " not allowed for " + request.path(), null)
                        .withHeader("Allow", String.join(", ", notAllowed.allowed())));
            } else {
                outcome = CompletableFuture.failedFuture(
                        ApiException.notFound("no route for " + request.method() + " " + request.path()));
            }
        } catch (RuntimeException | Error e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        return outcome.handle((response, failure) -> {
            if (failure != null) {
                return ErrorMapper.toResponse(failure, request);
            }
            if (response == null) {
                return ErrorMapper.toResponse(new IllegalStateException("route completed with no response"), request);
            }
            return response;
        });
    }

    /** One filter at a time, each after the previous one's future; a failure skips the rest and the route. */
    private CompletionStage<Void> runFilters(ApiRequest request, int index) {
        CompletionStage<Void> current;
        try {
            current = filters.get(index).apply(request);
            if (current == null) {
                throw new IllegalStateException("filter " + filters.get(index) + " returned no future");
            }
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
        return index + 1 == filters.size() ? current : current.thenCompose(passed -> runFilters(request, index + 1));
    }

    private static CompletionStage<ApiResponse> invoke(Route route, ApiRequest request) {
        try {
            CompletionStage<ApiResponse> result = route.handle(request);
            return result != null ? result
                    : CompletableFuture.failedFuture(new IllegalStateException("route returned no future"));
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
