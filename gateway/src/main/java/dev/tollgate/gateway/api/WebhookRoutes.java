package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.engine.util.Json;
import dev.tollgate.engine.webhook.WebhookService;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** {@code POST /v1/webhooks/register}: the intent's owner (or the admin) registers a receiver. */
public final class WebhookRoutes {
    private final WebhookService webhooks;
    /** Checks scheme and resolved address off the event loop; completes exceptionally with a reason. */
    private final Function<String, CompletionStage<Void>> urlCheck;

    /** Told after a registration commits: an already decided intent has a delivery queued at once. */
    private final Runnable registered;

    public WebhookRoutes(WebhookService webhooks, Function<String, CompletionStage<Void>> urlCheck, Runnable registered) {
        this.webhooks = webhooks;
        this.urlCheck = urlCheck;
        this.registered = registered;
    }

    public void register(Router r) { r.post("/v1/webhooks/register", this::registerWebhook); }

    CompletionStage<ApiResponse> registerWebhook(ApiRequest req) {
        Principal p = Access.require(req, Role.AGENT, Role.ADMIN);
        JsonNode body = req.json();
        String intentId = body.hasNonNull("intentId") ? AgentRoutes.text(body, "intentId", true)
                : AgentRoutes.text(body, "intent_id", true);
        JsonNode urlNode = body.get("url");
        if (urlNode == null || !urlNode.isTextual() || urlNode.asText().length() > 2048) {
            throw ApiException.badRequest("invalid_field", "url is required (http or https, at most 2048 characters)", "url");
        }
        // Optional, as in Zehrava's SDKs (they send null when none is given): without one, deliveries are unsigned.
        JsonNode secretNode = body.get("secret");
        String secret = secretNode == null || secretNode.isNull() ? null : secretNode.asText();
        if (secretNode != null && !secretNode.isNull() && (!secretNode.isTextual() || secret.length() < 8
                || secret.length() > 256 || secret.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f))) {
            throw ApiException.badRequest("invalid_field",
                    "secret must be 8 to 256 characters without control characters (or omitted)", "secret");
        }
        String url = urlNode.asText();
        return EngineErrors.guard(() -> urlCheck.apply(url)
                .handle((ok, e) -> {
                    if (e != null) {
                        Throwable t = e.getCause() != null ? e.getCause() : e;
                        throw ApiException.badRequest("invalid_url", t.getMessage(), "url");
                    }
                    return ok;
                })
                .thenCompose(ok -> webhooks.register(intentId, Access.ownerScope(p), url, secret, p.actor()))
                .thenApply(w -> {
                    registered.run();
                    return w;
                })
                .thenApply(w -> ApiResponse.ok(Json.object().put("registered", true).put("webhookId", w.id())
                        .put("intentId", w.intentId()).put("url", w.url()))));
    }
}
