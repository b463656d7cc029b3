package dev.tollgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.store.sqlite.SqliteStore;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.metrics.GatewayMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /readyz says ready only when an agent could use the proxy right now (found by a load script racing startup). */
class OpsReadyTest {
    @TempDir Path dir;

    @Test
    void notReadyUntilTheProxyListens() throws Exception {
        AtomicBoolean listening = new AtomicBoolean(false);
        try (SqliteStore store = SqliteStore.open(dir.resolve("t.db"), new AuditChain(AuditKey.loadOrCreate(dir)))) {
            OpsRoutes ops = new OpsRoutes(null, store, new GatewayMetrics(), () -> List.of("allow"),
                    new OpsRoutes.Info(true, () -> 4001, listening::get, true, false, false, false));
            ApiResponse starting = ops.ready(null).toCompletableFuture().get();
            assertEquals(503, starting.status());
            assertEquals("starting", body(starting).get("proxy").asText());
            listening.set(true);
            ApiResponse ready = ops.ready(null).toCompletableFuture().get();
            assertEquals(200, ready.status());
            assertEquals("listening", body(ready).get("proxy").asText());
            assertEquals("ready", body(ready).get("status").asText());
        }
    }

    private static JsonNode body(ApiResponse r) {
        return (JsonNode) ((ApiResponse.JsonBody) r.body()).value();
    }
}
