package dev.tollgate.gateway.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentListener;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.util.Json;
import dev.tollgate.gateway.api.WireJson;
import dev.tollgate.proxy.hold.HeldListener;
import dev.tollgate.proxy.hold.HeldView;
import dev.tollgate.tasks.service.TaskJson;
import dev.tollgate.tasks.service.TaskListener;

/**
 * Turns committed changes into dashboard events. Register as an intent listener (with the others), as the task
 * service's listener and as the held registry's listener. Every callback is quick and non-blocking (builds a
 * small JSON tree, then {@link EventBus#publish}).
 *
 * <ul>
 * <li>{@code intent.created}: only intents created {@code pending_approval} (the dashboard lists pending intents;
 *     auto-approved or blocked intents, one per proxied request, would only flood the stream). Data: the intent as
 *     {@code GET /v1/intents/:id} returns it, without {@code auditTrail}.</li>
 * <li>{@code intent.decided}: an intent left {@code pending_approval}: approved or rejected by a reviewer, or
 *     expired. Same data. (An idempotent second approval may repeat it; later steps — scheduled, succeeded… —
 *     and auto-decided intents publish nothing.)</li>
 * <li>{@code held.added} / {@code held.released}: a proxied request starts / stops being held (decided, timed out,
 *     or the client left). Data: the item as {@code GET /v1/proxy/held} lists it.</li>
 * <li>{@code action.created} / {@code action.decided}: as {@code GET /v1/actions} lists it; decided covers approved,
 *     denied, expired, cancelled and consumed.</li>
 * </ul>
 */
public final class EventSources implements IntentListener, TaskListener, HeldListener {
    /** The actor of automatic decisions (policy at creation, expiry): {@code IntentService.SYSTEM}. */
    private static final String SYSTEM = "system";

    private final EventBus bus;

    public EventSources(EventBus bus) { this.bus = bus; }

    @Override public void onCreated(Intent intent) {
        if (intent.isPending()) bus.publish(EventTypes.INTENT_CREATED, WireJson.intent(intent));
    }

    @Override public void onChanged(Intent intent) {
        if (leftPending(intent)) bus.publish(EventTypes.INTENT_DECIDED, WireJson.intent(intent));
    }

    static boolean leftPending(Intent i) {
        if (i.status() == IntentStatus.EXPIRED) return true; // only ever from pending_approval
        boolean decision = i.status() == IntentStatus.APPROVED || i.status() == IntentStatus.BLOCKED;
        // a reviewer's decision; the policy's own (at creation) is by "system" and never pending
        return decision && i.decidedBy() != null && !SYSTEM.equals(i.decidedBy()) && i.usedAt() == null;
    }

    @Override public void onActionCreated(PendingAction action) {
        bus.publish(EventTypes.ACTION_CREATED, TaskJson.action(action));
    }

    @Override public void onActionDecided(PendingAction action) {
        bus.publish(EventTypes.ACTION_DECIDED, TaskJson.action(action));
    }

    @Override public void onAdded(HeldView view) {
        bus.publish(EventTypes.HELD_ADDED, held(view.at(System.currentTimeMillis())));
    }

    @Override public void onRemoved(HeldView view) {
        bus.publish(EventTypes.HELD_RELEASED, held(view.at(System.currentTimeMillis())));
    }

    /** The same fields as {@code GET /v1/proxy/held} (HeldRoutes). */
    static ObjectNode held(HeldView v) {
        return Json.object().put("intentId", v.intentId()).put("method", v.method()).put("hostname", v.hostname())
                .put("path", v.path()).put("type", v.type()).put("createdAt", v.createdAt()).put("expiresAt", v.expiresAt())
                .put("url", v.url()).put("agentId", v.agentId()).put("agentName", v.agentName())
                .put("destination", v.destination()).put("policy", v.policy()).put("heldMs", v.heldMs())
                .put("client", v.client());
    }
}
