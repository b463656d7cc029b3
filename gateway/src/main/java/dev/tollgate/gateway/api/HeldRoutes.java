package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.engine.util.Json;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import dev.tollgate.proxy.hold.HeldView;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code GET /v1/proxy/held} (SPEC §5.4, reviewer or admin): the proxied requests whose connections
 * are held waiting for a decision, oldest first, as {@code {"held": [...], "count"}}. Reads the
 * proxy's in-memory registry: no store access, never blocks.
 */
public final class HeldRoutes {
    private final Supplier<List<HeldView>> held;

    /** @param held the proxy's {@code HeldRegistry::snapshot}; {@code List::of} when the proxy is off */
    public HeldRoutes(Supplier<List<HeldView>> held) { this.held = held; }

    public void register(Router r) {
        r.get("/v1/proxy/held", this::list);
    }

    CompletionStage<ApiResponse> list(ApiRequest req) {
        Access.require(req, Role.REVIEWER, Role.ADMIN);
        List<HeldView> views = held.get();
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (HeldView v : views) items.add(json(v));
        ObjectNode body = Json.object();
        body.set("held", items);
        body.put("count", views.size());
        return CompletableFuture.completedFuture(ApiResponse.ok(body));
    }

    static ObjectNode json(HeldView v) {
        return Json.object().put("intentId", v.intentId()).put("method", v.method()).put("hostname", v.hostname())
                .put("path", v.path()).put("type", v.type()).put("createdAt", v.createdAt()).put("expiresAt", v.expiresAt())
                .put("url", v.url()).put("agentId", v.agentId()).put("agentName", v.agentName())
                .put("destination", v.destination()).put("policy", v.policy()).put("heldMs", v.heldMs())
                .put("client", v.client());
    }
}
