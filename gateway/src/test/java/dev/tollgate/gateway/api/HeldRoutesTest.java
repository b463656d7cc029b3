package dev.tollgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.agent.Reviewer;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.util.Json;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import dev.tollgate.proxy.hold.HeldView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldRoutesTest {
    private static final HeldView VIEW = new HeldView("int_0011223344556677", "POST", "api.stripe.com", "/v1/refunds",
            "https", 1_700_000_000_000L, 1_700_000_900_000L, "https://api.stripe.com/v1/refunds?x=", "agt_0011223344556677",
            "billing-bot", "stripe.refund", "finance-high-risk", 1234, "127.0.0.1:50000");

    private final HeldRoutes routes = new HeldRoutes(() -> List.of(VIEW));

    private static ApiRequest as(Principal p) {
        ApiRequest req = ApiRequest.builder("GET", "/v1/proxy/held").build();
        if (p != null) req.setAttr(Principal.class, p);
        return req;
    }

    @Test void reviewersAndTheAdminSeeTheHeldRequests() throws Exception {
        for (Principal p : List.of(new Principal.Admin(),
                new Principal.ReviewerPrincipal(new Reviewer("rev_1", "alice", true, Instant.EPOCH)))) {
            ApiResponse r = routes.list(as(p)).toCompletableFuture().get();
            assertEquals(200, r.status());
            JsonNode body = Json.MAPPER.valueToTree(((ApiResponse.JsonBody) r.body()).value());
            assertEquals(1, body.get("count").asInt());
            JsonNode h = body.get("held").get(0);
            ObjectNode expected = Json.object().put("intentId", "int_0011223344556677").put("method", "POST")
                    .put("hostname", "api.stripe.com").put("path", "/v1/refunds").put("type", "https")
                    .put("createdAt", 1_700_000_000_000L).put("expiresAt", 1_700_000_900_000L)
                    .put("url", "https://api.stripe.com/v1/refunds?x=").put("agentId", "agt_0011223344556677")
                    .put("agentName", "billing-bot").put("destination", "stripe.refund").put("policy", "finance-high-risk")
                    .put("heldMs", 1234).put("client", "127.0.0.1:50000");
            assertEquals(Json.MAPPER.readTree(expected.toString()), Json.MAPPER.readTree(h.toString()));
        }
    }

    @Test void agentsAreRefusedAndAnonymousCallersAre401() {
        Agent agent = new Agent("agt_1", "bot", null, "standard", AgentStatus.ACTIVE, null, null, null, Json.object(), Instant.EPOCH);
        assertEquals(403, assertThrows(ApiException.class, () -> routes.list(as(new Principal.AgentPrincipal(agent)))).status());
        assertEquals(401, assertThrows(ApiException.class, () -> routes.list(as(null))).status());
    }

    @Test void theRouteIsRegistered() {
        Router r = new Router();
        routes.register(r);
        assertEquals(Router.Found.class, r.match("GET", "/v1/proxy/held").getClass());
    }

    @Test void backedByTheProxysRegistry() throws Exception {
        dev.tollgate.proxy.hold.HeldRegistry registry = new dev.tollgate.proxy.hold.HeldRegistry();
        HeldRoutes fromRegistry = new HeldRoutes(registry::snapshot);
        var held = registry.register(VIEW, Runnable::run, i -> { });
        ApiResponse r = fromRegistry.list(as(new Principal.Admin())).toCompletableFuture().get();
        JsonNode body = Json.MAPPER.valueToTree(((ApiResponse.JsonBody) r.body()).value());
        assertEquals(1, body.get("count").asInt());
        assertEquals("int_0011223344556677", body.get("held").get(0).get("intentId").asText());
        registry.remove(held);
        r = fromRegistry.list(as(new Principal.Admin())).toCompletableFuture().get();
        assertEquals(0, Json.MAPPER.valueToTree(((ApiResponse.JsonBody) r.body()).value()).get("count").asInt());
    }

    @Test void anEmptyRegistryIsAnEmptyList() throws Exception {
        ApiResponse r = new HeldRoutes(List::of).list(as(new Principal.Admin())).toCompletableFuture().get();
        JsonNode body = Json.MAPPER.valueToTree(((ApiResponse.JsonBody) r.body()).value());
        assertEquals(0, body.get("count").asInt());
        assertEquals(0, body.get("held").size());
    }
}
