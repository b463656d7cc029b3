package dev.tollgate.gateway.cli;

/** Carries an {@link ApiError} out of a command; reported on stderr, exit 1. */
final class ApiException extends RuntimeException {
    private final ApiError error;

    ApiException(ApiError error) {
        super(error.describe());
        this.error = error;
    }

    ApiError error() { return error; }
}
