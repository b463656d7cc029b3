package dev.tollgate.gateway.webhook;

/** What one attempt came to. {@code error} is for lastError: never the secret. */
record Outcome(Kind kind, String error) {
    enum Kind {
        DELIVERED,
        /** Worth trying again (receiver down, non-2xx, refused address: DNS or settings may change). */
        RETRY,
        /** Can never succeed (unparseable URL, webhook gone): give up now. */
        PERMANENT
    }

    static final int MAX_ERROR = 500;

    static Outcome delivered() { return new Outcome(Kind.DELIVERED, null); }

    static Outcome retry(String error) { return new Outcome(Kind.RETRY, clip(error)); }

    static Outcome permanent(String error) { return new Outcome(Kind.PERMANENT, clip(error)); }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static String clip(String s) { return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "…"; }
}
