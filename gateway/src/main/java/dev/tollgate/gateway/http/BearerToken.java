package dev.tollgate.gateway.http;

/** Reads the credential out of an {@code Authorization} header. */
final class BearerToken {
    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /** The token of {@code Bearer <token>} (scheme case-insensitive); null when absent, empty or another scheme. */
    static String parse(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
