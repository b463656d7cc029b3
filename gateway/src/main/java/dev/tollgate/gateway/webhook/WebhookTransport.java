package dev.tollgate.gateway.webhook;

import java.io.IOException;

/** Sends one webhook POST. Implementations must connect only to {@link WebhookRequest#addresses()}. */
public interface WebhookTransport extends AutoCloseable {

    /** Blocking; returns the final (non-1xx) response status. Never follows redirects. */
    int post(WebhookRequest request) throws IOException;

    /** Aborts requests in progress; later posts fail. */
    @Override void close();
}
