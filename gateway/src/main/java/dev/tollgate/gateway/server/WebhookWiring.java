package dev.tollgate.gateway.server;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentListener;
import dev.tollgate.engine.store.Store;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.metrics.GatewayMetrics;
import dev.tollgate.gateway.webhook.WebhookDispatcher;
import dev.tollgate.gateway.webhook.WebhookListener;
import dev.tollgate.proxy.address.AddressPolicy;
import dev.tollgate.proxy.address.Cidr;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Webhook delivery for one server: the dispatcher, the address policy its targets must pass (no
 * private targets unless allowed, never Tollgate's own listeners), and the registration-time URL
 * check, which resolves DNS and so runs on its own threads, never on an event loop.
 */
final class WebhookWiring implements AutoCloseable, IntentListener {
    private final WebhookDispatcher dispatcher;
    private final AddressPolicy policy;
    private final ExecutorService lookups = Executors.newFixedThreadPool(2, TollgateServer.daemon("tollgate-webhook-dns"));

    private WebhookWiring(WebhookDispatcher dispatcher, AddressPolicy policy) {
        this.dispatcher = dispatcher;
        this.policy = policy;
    }

    static WebhookWiring start(Store store, Settings s, GatewayMetrics metrics, Set<InetSocketAddress> ownListeners) {
        AddressPolicy policy = new AddressPolicy(s.proxy().allowPrivate(),
                ownListeners);
        WebhookDispatcher d = WebhookDispatcher.builder(store, policy)
                .sendSecretHeader(s.webhooks().sendSecretHeader())
                .listener(WebhookListener.outcomes(metrics::webhookAttempt)).build();
        d.start();
        return new WebhookWiring(d, policy);
    }

    /** Decisions queue deliveries in their transaction; this makes the first attempt immediate. */
    @Override public void onChanged(Intent intent) { dispatcher.nudge(); }

    void nudge() { dispatcher.nudge(); }

    CompletionStage<Void> checkUrl(String url) {
        return CompletableFuture.runAsync(() -> WebhookDispatcher.validateUrl(url, policy), lookups);
    }

    @Override public void close() throws InterruptedException {
        dispatcher.close();
        lookups.shutdownNow();
        lookups.awaitTermination(2, TimeUnit.SECONDS);
    }
}
