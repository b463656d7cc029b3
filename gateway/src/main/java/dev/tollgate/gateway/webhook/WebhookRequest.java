package dev.tollgate.gateway.webhook;

import java.net.InetAddress;
import java.util.List;

/**
 * One POST to send: the URL, the addresses that passed the address check (the only ones the
 * transport may connect to), and the message.
 */
public record WebhookRequest(WebhookUrl url, List<InetAddress> addresses, WebhookMessage message) {
    public WebhookRequest {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) throw new IllegalArgumentException("no checked address to connect to");
    }
}
