package dev.tollgate.gateway.http;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns whatever a route or filter failed with into a response: client errors as they are, the rest as 500. */
final class ErrorMapper {
    private static final System.Logger LOG = System.getLogger("dev.tollgate.gateway.http");
    static final ApiResponse INTERNAL_ERROR = ApiResponse.json(500, new ErrorBody("internal error", "internal_error", null));

    private ErrorMapper() {
    }

    /** Logs each unexpected failure once, here, with its stack trace; the client only learns "internal error". */
    static ApiResponse toResponse(Throwable failure, ApiRequest request) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException e) {
            return e.toResponse();
        }
        LOG.log(Level.ERROR, "unhandled error in " + request, cause);
        return INTERNAL_ERROR;
    }

    /** Futures wrap what the route threw; the wrapper says nothing, the cause is the error. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
