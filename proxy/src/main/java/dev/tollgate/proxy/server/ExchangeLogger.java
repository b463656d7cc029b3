package dev.tollgate.proxy.server;

import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ExchangeObserver;
import dev.tollgate.proxy.log.AccessLog;
import dev.tollgate.proxy.log.ProxyMetrics;
import dev.tollgate.proxy.route.Target;

/** Turns each finished exchange into its access-log line and metrics. */
final class ExchangeLogger implements ExchangeObserver {
    private final AccessLog log;
    private final ProxyMetrics metrics;

    ExchangeLogger(AccessLog log, ProxyMetrics metrics) {
        this.log = log;
        this.metrics = metrics;
    }

    @Override public void finished(Exchange e) {
        long total = e.endNanos() - e.startNanos();
        metrics.requestCompleted(e.decision(), total);
        if (e.decidedNanos() != 0) metrics.decided(e.decision(), e.decidedNanos() - e.startNanos());
        if (!log.enabled()) return;
        Target t = e.target();
        double upstreamMs = e.upstreamStartNanos() == 0 ? -1 : (e.endNanos() - e.upstreamStartNanos()) / 1e6;
        log.log(new AccessLog.Entry(e.identity() == null ? null : e.identity().agentName(), e.method(),
                t == null ? withoutQuery(e.request().uri()) : t.redactedUrl(), e.mapping() == null ? null : e.mapping().destination(),
                e.intent() != null ? e.intent().policyId() : e.mapping() == null ? null : e.mapping().policy(),
                e.decision(), e.reasonCode(), e.intentId(), e.upstreamStatus(), e.bodySize(), e.bytesOut(),
                e.decidedNanos() == 0 ? -1 : (e.decidedNanos() - e.startNanos()) / 1e6, upstreamMs, total / 1e6,
                e.client(), e.error()));
    }

    private static String withoutQuery(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
