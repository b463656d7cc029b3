package dev.tollgate.gateway.api;

import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.tasks.service.TaskException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Maps the task service's refusals to API errors of the usual shape (§4.6):
 * {@code {"error", "code", "field"?}} with the status each {@link dev.tollgate.tasks.service.TaskError}
 * names (400 invalid_request, 404 not_found, 409 task_not_running / already_decided /
 * digest_mismatch, 410 expired); store failures are 503 as everywhere ({@link EngineErrors}).
 */
final class TaskErrors {
    private TaskErrors() {}

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
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        if (t instanceof TaskException x) return new ApiException(x.httpStatus(), x.code(), x.getMessage(), x.field());
        return EngineErrors.translate(t);
    }
}
