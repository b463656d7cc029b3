package dev.tollgate.engine.webhook;

import dev.tollgate.engine.EngineException;
import dev.tollgate.engine.audit.AuditDraft;
import dev.tollgate.engine.audit.AuditTypes;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ReasonCode;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.util.Ids;
import dev.tollgate.engine.util.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Webhook registration. The URL's address check (no private targets) needs DNS and so lives in
 * the gateway, which calls this only after the URL passed it.
 */
public final class WebhookService {
    private final Store store;
    private final Clock clock;

    public WebhookService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Registers a receiver. If the intent was already decided, the decision is queued at once:
     * a receiver registered a moment too late must not wait forever.
     */
    public CompletableFuture<Webhook> register(String intentId, Optional<String> ownerAgentId, String url, String secret,
                                               String actor) {
        return store.write(tx -> {
            Instant now = clock.instant();
            Intent intent = tx.intent(intentId).filter(i -> ownerAgentId.isEmpty() || ownerAgentId.get().equals(i.agentId()))
                    .orElseThrow(() -> EngineException.notFound("intent " + intentId));
            Webhook w = new Webhook(Ids.webhook(), intentId, intent.agentId(), url, secret, now);
            tx.insertWebhook(w);
            tx.appendAudit(AuditDraft.forIntent(intentId, AuditTypes.WEBHOOK_REGISTERED, actor,
                    Json.object().put("webhook_id", w.id()).put("url", url), now));
            String already = decidedEvent(intent);
            if (already != null) {
                tx.insertDelivery(new WebhookDelivery(Ids.delivery(), w.id(), intentId, already,
                        intent.decidedBy() == null ? "system" : intent.decidedBy(), now, 0, now, "pending", null));
            }
            return w;
        });
    }

    private static String decidedEvent(Intent i) {
        if (i.status() == IntentStatus.EXPIRED) return "expired";
        if (i.reasonCode() == ReasonCode.REJECTED_BY_REVIEWER) return "rejected";
        if (i.status() == IntentStatus.APPROVED && i.decidedBy() != null) return "approved";
        return null;
    }
}
