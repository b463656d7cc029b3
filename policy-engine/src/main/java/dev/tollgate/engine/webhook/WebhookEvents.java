package dev.tollgate.engine.webhook;

import dev.tollgate.engine.store.StoreTx;
import dev.tollgate.engine.util.Ids;
import java.time.Instant;

/**
 * Queues one delivery per webhook of an intent, inside the transaction that changed the intent:
 * the event and its deliveries commit together or not at all.
 */
public final class WebhookEvents {
    private WebhookEvents() {}

    public static int enqueue(StoreTx tx, String intentId, String event, String actor, Instant at) {
        int n = 0;
        for (Webhook w : tx.webhooksForIntent(intentId)) {
            tx.insertDelivery(new WebhookDelivery(Ids.delivery(), w.id(), intentId, event, actor, at, 0, at,
                    "pending", null));
            n++;
        }
        return n;
    }
}
