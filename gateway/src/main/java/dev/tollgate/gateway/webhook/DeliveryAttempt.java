package dev.tollgate.gateway.webhook;

import dev.tollgate.engine.webhook.Webhook;
import dev.tollgate.engine.webhook.WebhookDelivery;
import dev.tollgate.proxy.address.AddressPolicy;
import dev.tollgate.proxy.address.AddressResolver;
import dev.tollgate.proxy.address.Resolution;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Clock;

/**
 * One attempt at one delivery: parse the URL, resolve and check its host, sign, send to the
 * checked addresses. Knows nothing of scheduling or the store.
 */
final class DeliveryAttempt {
    private final AddressResolver resolver;
    private final AddressPolicy policy;
    private final WebhookTransport transport;
    private final Clock clock;
    private final boolean sendSecretHeader;

    DeliveryAttempt(AddressResolver resolver, AddressPolicy policy, WebhookTransport transport, Clock clock,
                    boolean sendSecretHeader) {
        this.resolver = resolver;
        this.policy = policy;
        this.transport = transport;
        this.clock = clock;
        this.sendSecretHeader = sendSecretHeader;
    }

    /** @param attempt 1-based number of this attempt */
    Outcome run(WebhookDelivery delivery, Webhook webhook, int attempt) {
        Outcome o = send(delivery, webhook, attempt);
        return o.error() == null ? o : new Outcome(o.kind(), scrub(o.error(), webhook.secret()));
    }

    private Outcome send(WebhookDelivery delivery, Webhook webhook, int attempt) {
        WebhookUrl url;
        WebhookMessage message;
        try {
            url = WebhookUrl.parse(webhook.url());
            message = WebhookMessage.build(delivery, webhook.secret(), attempt, clock.millis(), sendSecretHeader);
        } catch (IllegalArgumentException e) {
            return Outcome.permanent(e.getMessage());
        }
        // Resolved and checked immediately before connecting, once; the transport connects only
        // to these addresses, so a rebinding resolver has no second answer to give.
        Resolution r;
        try {
            r = resolver.resolve(url.host(), url.port(), policy);
        } catch (UnknownHostException e) {
            return Outcome.retry("UnknownHostException: " + url.host() + " does not resolve");
        }
        if (!r.allowed()) return Outcome.retry(r.refusal().orElseThrow().message());
        try {
            int status = transport.post(new WebhookRequest(url, r.addresses(), message));
            return status >= 200 && status < 300 ? Outcome.delivered() : Outcome.retry("HTTP " + status);
        } catch (IOException | RuntimeException e) {
            return Outcome.retry(Outcome.describe(e));
        }
    }

    /**
     * Our messages never include the secret; this guards against one echoed in an exception
     * message. Very short secrets are skipped: replacing "a" everywhere would garble the text
     * and protect nothing.
     */
    private static String scrub(String error, String secret) {
        if (secret == null || secret.length() < 4) return error;
        return error.replace(secret, "[secret]");
    }
}
