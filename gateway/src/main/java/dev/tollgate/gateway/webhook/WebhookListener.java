package dev.tollgate.gateway.webhook;

import dev.tollgate.engine.webhook.WebhookDelivery;
import java.util.function.Consumer;

/**
 * Hooks for metrics, called after the attempt's outcome is committed, on a dispatcher thread
 * (keep them quick; exceptions are logged and ignored). A final failed attempt reports
 * {@link #attemptFailed} and then {@link #gaveUp}.
 */
public interface WebhookListener {
    WebhookListener NONE = new WebhookListener() {};

    /** @param attempt 1-based number of the attempt that succeeded */
    default void delivered(WebhookDelivery delivery, int attempt) {}

    /** @param error what went wrong, as recorded in lastError */
    default void attemptFailed(WebhookDelivery delivery, int attempt, String error) {}

    /** The delivery is now {@code failed}: past its deadline, or it can never succeed. */
    default void gaveUp(WebhookDelivery delivery, int attempt, String error) {}

    /**
     * Reports each outcome as one word, {@code delivered}, {@code failed} or {@code gave_up}, e.g.
     * to {@code GatewayMetrics::webhookAttempt}.
     */
    static WebhookListener outcomes(Consumer<String> outcome) {
        return new WebhookListener() {
            @Override public void delivered(WebhookDelivery d, int attempt) { outcome.accept("delivered"); }

            @Override public void attemptFailed(WebhookDelivery d, int attempt, String error) { outcome.accept("failed"); }

            @Override public void gaveUp(WebhookDelivery d, int attempt, String error) { outcome.accept("gave_up"); }
        };
    }
}
