package dev.tollgate.gateway.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The wire shape of every error (SPEC §4.6); {@code field} is left out when no single input is at fault. */
public record ErrorBody(
        String error,
        String code,
        @JsonInclude(JsonInclude.Include.NON_NULL) String field) {
}
