package dev.tollgate.gateway.cli;

/**
 * The server answered with an error: its JSON {@code {"error", "code", "field"}} (SPEC §4.6).
 *
 * @param code  null when the body had none (not a Tollgate answer)
 * @param field null unless one input was at fault
 */
record ApiError(int status, String error, String code, String field) {

    /** One line for stderr: "error: name is required (field: name, code: invalid_field, HTTP 400)". */
    String describe() {
        StringBuilder sb = new StringBuilder("error: ").append(error).append(" (");
        if (field != null) sb.append("field: ").append(field).append(", ");
        if (code != null) sb.append("code: ").append(code).append(", ");
        return sb.append("HTTP ").append(status).append(')').toString();
    }
}
