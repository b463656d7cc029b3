package dev.tollgate.gateway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.util.Json;
import dev.tollgate.engine.webhook.WebhookDelivery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body and headers of one attempt (SPEC 4.9): body {@code {intentId, event, actor, firedAt,
 * deliveryId, attempt}}, signed over the exact bytes sent.
 *
 * @param body    raw JSON bytes, the ones the signature covers
 * @param headers in sending order; Host, Content-Length and Connection are the transport's
 */
public record WebhookMessage(byte[] body, Map<String, String> headers) {
    public static final String USER_AGENT = "Tollgate-Webhook/1";

    /** Millisecond precision with a Z, as Zehrava Gate's JavaScript toISOString() writes it. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public WebhookMessage {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * @param attempt          1-based number of this attempt
     * @param epochMillis      signing time, {@code t=} in the signature
     * @param sendSecretHeader whether to send the secret itself as {@code X-Gate-Secret}
     * @throws IllegalArgumentException when the secret could not be sent in a header
     */
    public static WebhookMessage build(WebhookDelivery d, String secret, int attempt, long epochMillis,
                                       boolean sendSecretHeader) {
        ObjectNode json = Json.object()
                .put("intentId", d.intentId())
                .put("event", d.event())
                .put("actor", d.actor())
                .put("firedAt", formatInstant(d.firedAt()))
                .put("deliveryId", d.id())
                .put("attempt", attempt);
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise webhook body", e);
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("User-Agent", USER_AGENT);
        h.put("X-Gate-Delivery-ID", d.id());
        h.put("X-Gate-Event", d.event());
        // No secret, nothing to sign with (an HMAC key cannot be empty); receivers see no signature.
        if (secret != null && !secret.isEmpty()) {
            if (!isHeaderSafe(secret)) {
                throw new IllegalArgumentException("webhook secret contains control characters and cannot be sent");
            }
            h.put("X-Gate-Signature", WebhookSignature.header(secret, epochMillis, body));
            if (sendSecretHeader) h.put("X-Gate-Secret", secret);
        }
        return new WebhookMessage(body, h);
    }

    public static String formatInstant(Instant at) { return at == null ? null : ISO_MILLIS.format(at); }

    /** No CR, LF or other control characters: a header value must not start a new header. */
    static boolean isHeaderSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) return false;
        }
        return true;
    }
}
