package dev.tollgate.gateway.webhook;

import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.store.StoreException;
import dev.tollgate.engine.store.StoreTx;
import dev.tollgate.engine.webhook.Webhook;
import dev.tollgate.engine.webhook.WebhookDelivery;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * In-memory Store with just the webhook methods the dispatcher uses. StoreTx is a dynamic proxy,
 * so methods others add to the interface do not break this fake; any other method throws
 * UnsupportedOperationException. Writes and reads run on their own threads, like the real store.
 * A write job runs whole under the lock (a transaction); a read job does not, so with
 * {@link #dueDelayMillis} a read can return rows that a write committed meanwhile made stale,
 * as a snapshot read can in the real store.
 */
final class FakeStore implements Store {
    /** One updateDelivery call, for assertions on the history of attempts. */
    record Update(String deliveryId, String state, int attempt, Instant nextAttemptAt, String lastError) {}

    private final Object lock = new Object();
    private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
    private final Map<String, WebhookDelivery> deliveries = new LinkedHashMap<>();
    private final List<Update> updates = new ArrayList<>();
    /** When set, updateDelivery fails as a full disk would: the job throws and nothing changes. */
    final AtomicBoolean failUpdates = new AtomicBoolean();
    /** Delay after dueDeliveries has read its rows, outside the lock. */
    volatile long dueDelayMillis;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "fake-store-writer"));
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> daemon(r, "fake-store-reader"));
    private final StoreTx tx = (StoreTx) Proxy.newProxyInstance(StoreTx.class.getClassLoader(),
            new Class<?>[] {StoreTx.class}, new Handler());

    @Override
    public <T> CompletableFuture<T> write(WriteJob<T> job) {
        return run(writer, () -> {
            synchronized (lock) {
                return job.run(tx);
            }
        });
    }

    @Override
    public <T> CompletableFuture<T> read(ReadJob<T> job) { return run(reader, () -> job.run(tx)); }

    @Override public boolean writable() { return true; }

    @Override
    public void close() {
        writer.shutdownNow();
        reader.shutdownNow();
    }

    // --- test helpers (direct, synchronous) ---

    Webhook addWebhook(String id, String intentId, String url, String secret) {
        Webhook w = new Webhook(id, intentId, "agt_0000000000000001", url, secret, Instant.EPOCH);
        synchronized (lock) {
            webhooks.put(id, w);
        }
        return w;
    }

    WebhookDelivery addDelivery(String id, Webhook w, String event, Instant firedAt) {
        WebhookDelivery d = new WebhookDelivery(id, w.id(), w.intentId(), event, "rev_0000000000000001", firedAt, 0,
                firedAt, "pending", null);
        synchronized (lock) {
            deliveries.put(id, d);
        }
        return d;
    }

    WebhookDelivery delivery(String id) {
        synchronized (lock) {
            return deliveries.get(id);
        }
    }

    List<Update> updates(String deliveryId) {
        synchronized (lock) {
            return updates.stream().filter(u -> u.deliveryId().equals(deliveryId)).toList();
        }
    }

    private interface Job<T> {
        T run() throws Exception;
    }

    private <T> CompletableFuture<T> run(ExecutorService on, Job<T> job) {
        CompletableFuture<T> f = new CompletableFuture<>();
        on.execute(() -> {
            try {
                f.complete(job.run());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private final class Handler implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] a) throws InterruptedException {
            Object result;
            synchronized (lock) {
                result = call(proxy, m, a);
            }
            if (m.getName().equals("dueDeliveries") && dueDelayMillis > 0) Thread.sleep(dueDelayMillis);
            return result;
        }

        private Object call(Object proxy, Method m, Object[] a) {
            switch (m.getName()) {
                case "webhook":
                    return Optional.ofNullable(webhooks.get((String) a[0]));
                case "webhooksForIntent":
                    return webhooks.values().stream().filter(w -> w.intentId().equals(a[0])).toList();
                case "insertWebhook":
                    Webhook w = (Webhook) a[0];
                    webhooks.put(w.id(), w);
                    return null;
                case "insertDelivery":
                    WebhookDelivery nd = (WebhookDelivery) a[0];
                    deliveries.put(nd.id(), nd);
                    return null;
                case "dueDeliveries":
                    Instant now = (Instant) a[0];
                    return deliveries.values().stream()
                            .filter(d -> d.state().equals("pending") && d.nextAttemptAt() != null && !d.nextAttemptAt().isAfter(now))
                            .sorted(Comparator.comparing(WebhookDelivery::nextAttemptAt))
                            .limit((Integer) a[1]).toList();
                case "updateDelivery":
                    if (failUpdates.get()) throw new StoreException("disk full");
                    String id = (String) a[0];
                    WebhookDelivery d = deliveries.get(id);
                    if (d == null) throw new IllegalStateException("no delivery " + id);
                    Update u = new Update(id, (String) a[1], (Integer) a[2], (Instant) a[3], (String) a[4]);
                    updates.add(u);
                    deliveries.put(id, new WebhookDelivery(id, d.webhookId(), d.intentId(), d.event(), d.actor(),
                            d.firedAt(), u.attempt(), u.nextAttemptAt(), u.state(), u.lastError()));
                    return null;
                case "toString":
                    return "FakeStoreTx";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == a[0];
                default:
                    throw new UnsupportedOperationException("FakeStore does not implement " + m.getName());
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
