package dev.tollgate.gateway.api;

import dev.tollgate.engine.EngineException;
import dev.tollgate.engine.store.StoreException;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Maps engine and store failures to API errors. A store failure is 503: the action was not
 * recorded, so it was not performed.
 */
final class EngineErrors {
    private EngineErrors() {}

    static CompletionStage<ApiResponse> guard(Supplier<CompletionStage<ApiResponse>> route) {
        CompletionStage<ApiResponse> stage;
        try {
            stage = route.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
        return stage.handle((r, e) -> {
            if (e != null) throw translate(e);
            return r;
        });
    }

    static RuntimeException translate(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof ApiException a) return a;
        if (t instanceof EngineException x) {
            int status = switch (x.kind()) {
                case INVALID -> 400;
                case FORBIDDEN -> 403;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case GONE -> 410;
                case UNAVAILABLE -> 503;
            };
            return new ApiException(status, x.code(), x.getMessage(), x.field());
        }
        if (t instanceof StoreException) return ApiException.unavailable("the store cannot record this right now; nothing was done");
        return t instanceof RuntimeException r ? r : new CompletionException(t);
    }
}
