package dev.tollgate.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.engine.intent.IntentCounts;
import dev.tollgate.engine.intent.IntentService;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.util.Json;
import dev.tollgate.gateway.Version;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import dev.tollgate.gateway.metrics.GatewayMetrics;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Health, readiness, metrics (JSON and Prometheus), discovery, policies and the audit stream. */
public final class OpsRoutes {
    /** What {@code /health} and discovery say about the rest of the server. */
    /** @param proxyPort the proxy's bound port, known only once it listens */
    /**
     * @param proxyListening whether the proxy listener is bound: the API starts first, and an agent
     *                       told "ready" must be able to connect to the proxy at once
     */
    public record Info(boolean proxyEnabled, java.util.function.IntSupplier proxyPort,
                       java.util.function.BooleanSupplier proxyListening, boolean tlsIntercept,
                       boolean metricsRequireAuth, boolean openRegistration, boolean sendSecretHeader) {}

    private final IntentService intents;
    private final Store store;
    private final GatewayMetrics metrics;
    private final Supplier<List<String>> policyIds;
    private final Info info;

    public OpsRoutes(IntentService intents, Store store, GatewayMetrics metrics, Supplier<List<String>> policyIds, Info info) {
        this.intents = intents;
        this.store = store;
        this.metrics = metrics;
        this.policyIds = policyIds;
        this.info = info;
    }

    public void register(Router r) {
        r.get("/health", req -> done(ApiResponse.ok(health())));
        r.get("/healthz", req -> done(ApiResponse.ok(Json.object().put("status", "ok"))));
        r.get("/readyz", this::ready);
        r.get("/metrics", this::prometheus);
        r.get("/v1/metrics", this::jsonMetrics);
        r.get("/.well-known/gate", req -> done(ApiResponse.ok(discovery())));
        r.get("/v1/policies", req -> {
            Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
            ObjectNode body = Json.object();
            policyIds.get().forEach(body.putArray("policies")::add);
            return done(ApiResponse.ok(body));
        });
        r.get("/v1/audit", this::auditStream);
    }

    private static CompletionStage<ApiResponse> done(ApiResponse r) { return CompletableFuture.completedFuture(r); }

    private ObjectNode health() {
        ObjectNode n = Json.object().put("status", "ok").put("service", "tollgate").put("version", Version.get());
        n.putObject("proxy").put("enabled", info.proxyEnabled()).put("port", info.proxyPort().getAsInt())
                .put("tls_intercept", info.tlsIntercept());
        return n;
    }

    CompletionStage<ApiResponse> ready(ApiRequest req) {
        boolean policies = !policyIds.get().isEmpty();
        // A real read proves the store answers; writable() says the last commit went through.
        return store.read(r -> r.meta("schema")).handle((v, e) -> {
            boolean storeOk = e == null && store.writable();
            boolean proxy = !info.proxyEnabled() || info.proxyListening().getAsBoolean();
            boolean ready = storeOk && policies && proxy;
            ObjectNode body = Json.object().put("status", ready ? "ready" : "not_ready")
                    .put("store", storeOk ? "ok" : "unavailable").put("policies", policies ? "loaded" : "none")
                    .put("proxy", proxy ? "listening" : "starting");
            return ApiResponse.json(ready ? 200 : 503, body);
        });
    }

    CompletionStage<ApiResponse> prometheus(ApiRequest req) {
        if (info.metricsRequireAuth()) Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        return done(ApiResponse.bytes(200, GatewayMetrics.CONTENT_TYPE, metrics.scrape()));
    }

    CompletionStage<ApiResponse> jsonMetrics(ApiRequest req) {
        Access.require(req, Role.AGENT, Role.REVIEWER, Role.ADMIN);
        return EngineErrors.guard(() -> intents.counts().thenApply(c -> ApiResponse.ok(jsonMetrics(c))));
    }

    static ObjectNode jsonMetrics(IntentCounts c) {
        long blocked = c.get(IntentStatus.BLOCKED);
        return Json.object().put("actions_attempted", c.total() + c.duplicates())
                .put("actions_blocked", blocked).put("actions_pending", c.get(IntentStatus.PENDING_APPROVAL))
                .put("actions_approved", c.get(IntentStatus.APPROVED)).put("actions_scheduled", c.get(IntentStatus.SCHEDULED))
                .put("actions_succeeded", c.get(IntentStatus.SUCCEEDED)).put("actions_failed", c.get(IntentStatus.FAILED))
                .put("actions_expired", c.get(IntentStatus.EXPIRED))
                .put("actions_duplicate", c.duplicates()).put("duplicate_actions", c.duplicates())
                .put("avg_approval_latency_ms", c.avgApprovalLatencyMs());
    }

    private ObjectNode discovery() {
        ObjectNode n = Json.object().put("service", "tollgate").put("version", Version.get());
        n.putArray("supported_versions").add("1.0");
        n.putArray("auth_methods").add("bearer");
        n.put("registration", info.openRegistration() ? "open" : "admin");
        n.putObject("webhooks").put("signature", "X-Gate-Signature: t=<ms>,v1=<hex hmac-sha256(secret, t.body)>")
                .put("secret_header", info.sendSecretHeader())
                .putArray("events").add("approved").add("rejected").add("expired")
                .add("execution_succeeded").add("execution_failed");
        policyIds.get().forEach(n.putArray("policies")::add);
        ObjectNode ep = n.putObject("endpoints");
        ep.put("intents", "/v1/intents").put("executions", "/v1/executions").put("webhooks", "/v1/webhooks/register")
                .put("metrics", "/v1/metrics").put("audit", "/v1/audit");
        return n;
    }

    /** JSON lines, oldest first, for a SIEM: {@code ?since=SEQ&limit=N} pages through the chain. */
    CompletionStage<ApiResponse> auditStream(ApiRequest req) {
        Access.require(req, Role.REVIEWER, Role.ADMIN);
        long since = parseSince(req.queryParam("since"));
        int limit = req.queryParam("limit") == null ? 1000 : IntentRoutes.limit(req);
        return EngineErrors.guard(() -> store.read(r -> r.auditSince(since, limit)).thenApply(events -> {
            StringBuilder sb = new StringBuilder(events.size() * 256);
            try {
                for (var e : events) sb.append(Json.MAPPER.writeValueAsString(WireJson.auditEvent(e))).append('\n');
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            return ApiResponse.bytes(200, "application/x-ndjson; charset=utf-8", sb.toString().getBytes(StandardCharsets.UTF_8));
        }));
    }

    private static long parseSince(String s) {
        if (s == null || s.isEmpty()) return 0;
        try {
            long v = Long.parseLong(s);
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("invalid_field", "since must be a non-negative audit sequence number", "since");
    }
}
