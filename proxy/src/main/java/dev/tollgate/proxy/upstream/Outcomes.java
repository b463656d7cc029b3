package dev.tollgate.proxy.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.ProxyIntents;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ProxyResponses;
import dev.tollgate.proxy.log.ProxyMetrics;
import io.netty.channel.Channel;
import java.lang.System.Logger.Level;

/**
 * Records what a forward did (SPEC §5.3) — {@code execution_succeeded} when the upstream answered
 * (any status), {@code execution_failed} when it did not — off the critical path: the client's
 * response never waits for the record. Also answers a forward that got no response.
 */
public final class Outcomes {
    private static final System.Logger LOG = System.getLogger(Outcomes.class.getName());

    private final ProxyIntents proxyIntents;
    private final ProxyMetrics metrics;

    public Outcomes(ProxyIntents proxyIntents, ProxyMetrics metrics) {
        this.proxyIntents = proxyIntents;
        this.metrics = metrics;
    }

    public void succeeded(Exchange ex, Intent i, ObjectNode detail) {
        withBody(ex, detail);
        record(i, true, detail.put("duration_ms", millisSince(ex.upstreamStartNanos())), ex.identity().actor());
    }

    /** The forward got no response: recorded as failed, and the client told why (with the intent id). */
    public void failed(Channel client, Exchange ex, Intent i, UpstreamFailure f) {
        metrics.upstreamFailed(f.code());
        ex.error(f.code());
        record(i, false, withBody(ex, Json.object().put("error", f.code()).put("message", f.getMessage())
                .put("duration_ms", millisSince(ex.upstreamStartNanos()))), ex.identity().actor());
        if (client.isActive()) client.writeAndFlush(ProxyResponses.error(f.status(), f.code(), f.getMessage(), i.id()));
    }

    /** A streamed body was never inspected: the outcome says exactly what went out (bytes, SHA-256, complete or not). */
    private static ObjectNode withBody(Exchange ex, ObjectNode detail) {
        if (ex.streamedBody() != null) detail.set("request_body", ex.streamedBody().detail());
        return detail;
    }

    private void record(Intent i, boolean succeeded, ObjectNode detail, String actor) {
        proxyIntents.recordOutcome(i, succeeded, detail, actor).whenComplete((x, e) -> {
            if (e != null) LOG.log(Level.WARNING, "could not record the outcome of intent " + i.id(), e);
        });
    }

    static long millisSince(long nanos) { return nanos == 0 ? 0 : (System.nanoTime() - nanos) / 1_000_000; }
}
