package dev.tollgate.gateway.metrics;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.DoubleSupplier;

/**
 * Tollgate's Prometheus metrics. Label values come from the shared vocabulary (intent statuses,
 * reason codes), so a reason seen in a response is the same string on a dashboard.
 */
public final class GatewayMetrics implements IntentListener {
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);

    private final Counter intentsCreated = Counter.builder().name("tollgate_intents_proposed")
            .help("Intents created, by initial status and the reason code of the rule that decided")
            .labelNames("status", "reason_code").register(registry);
    private final Counter intentChanges = Counter.builder().name("tollgate_intent_changes")
            .help("Intent status changes after creation (approved, rejected, expired, executions)")
            .labelNames("status").register(registry);
    private final Counter duplicates = Counter.builder().name("tollgate_intents_duplicate")
            .help("Proposals refused as duplicate_blocked").register(registry);
    private final Histogram proposeSeconds = Histogram.builder().name("tollgate_propose_duration_seconds")
            .help("Time from receiving a proposal to its commit (policy evaluation + store)")
            .classicOnly().classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
            .register(registry);
    private final Histogram evaluationSeconds = Histogram.builder().name("tollgate_policy_evaluation_seconds")
            .help("Policy evaluation time").classicOnly()
            .classicUpperBounds(0.00001, 0.00002, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.02)
            .register(registry);
    private final Histogram storeCommitSeconds = Histogram.builder().name("tollgate_store_commit_duration_seconds")
            .help("Time to run and commit one group of store jobs (one fsync)").classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5)
            .register(registry);
    private final Histogram storeGroupJobs = Histogram.builder().name("tollgate_store_commit_group_jobs")
            .help("Jobs committed together in one group").classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
            .register(registry);
    private final Counter proxyRequests = Counter.builder().name("tollgate_proxy_requests")
            .help("Proxied requests by decision (forwarded, blocked, pending, held, error...)").labelNames("decision")
            .register(registry);
    private final Histogram proxyRequestSeconds = Histogram.builder().name("tollgate_proxy_request_duration_seconds")
            .help("Whole proxied exchange, from request to the end of the response").classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30).register(registry);
    private final Histogram proxyDecisionSeconds = Histogram.builder().name("tollgate_proxy_decision_duration_seconds")
            .help("From a proxied request to its committed decision").classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 0.5).register(registry);
    private final Histogram upstreamSeconds = Histogram.builder().name("tollgate_upstream_response_duration_seconds")
            .help("From sending a request upstream to its response headers").classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30).register(registry);
    private final Counter upstreamFailures = Counter.builder().name("tollgate_upstream_failures")
            .help("Forwards that got no upstream response, by reason code").labelNames("code").register(registry);
    private final Counter upstreamConnections = Counter.builder().name("tollgate_upstream_connections")
            .help("Upstream connections used, new or reused from the pool").labelNames("reused").register(registry);
    private final Counter webhookAttempts = Counter.builder().name("tollgate_webhook_attempts")
            .help("Webhook delivery attempts by outcome (delivered, failed, gave_up)").labelNames("outcome")
            .register(registry);
    private final Counter httpResponses = Counter.builder().name("tollgate_api_responses")
            .help("API responses by status class").labelNames("code").register(registry);

    @Override public void onCreated(Intent intent) {
        intentsCreated.labelValues(intent.status().wire(),
                intent.reasonCode() == null ? "" : intent.reasonCode().wire()).inc();
    }

    @Override public void onChanged(Intent intent) { intentChanges.labelValues(intent.status().wire()).inc(); }

    public void duplicate() { duplicates.inc(); }

    public void proposeSeconds(double s) { proposeSeconds.observe(s); }

    public void evaluationSeconds(double s) { evaluationSeconds.observe(s); }

    /** A group commit: how many jobs and how long it took. Called on the store's writer thread. */
    public void storeCommit(int jobs, long nanos) {
        storeCommitSeconds.observe(nanos / 1e9);
        storeGroupJobs.observe(jobs);
    }

    public void webhookAttempt(String outcome) { webhookAttempts.labelValues(outcome).inc(); }

    public void apiResponse(int status) { httpResponses.labelValues((status / 100) + "xx").inc(); }

    /** The proxy's events, as Prometheus series. */
    public dev.tollgate.proxy.log.ProxyMetrics proxyMetrics() {
        return new dev.tollgate.proxy.log.ProxyMetrics() {
            @Override public void requestCompleted(String decision, long totalNanos) {
                proxyRequests.labelValues(decision).inc();
                proxyRequestSeconds.observe(totalNanos / 1e9);
            }

            @Override public void decided(String decision, long nanos) { proxyDecisionSeconds.observe(nanos / 1e9); }

            @Override public void upstreamResponse(int status, long nanos) { upstreamSeconds.observe(nanos / 1e9); }

            @Override public void upstreamFailed(String code) { upstreamFailures.labelValues(code).inc(); }

            @Override public void upstreamConnection(boolean reused) {
                upstreamConnections.labelValues(Boolean.toString(reused)).inc();
            }
        };
    }

    /** Registers a gauge read at scrape time (held connections, queue depths, store figures). */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    /** Registers a monotonic counter read at scrape time (e.g. certificate cache hits kept elsewhere). */
    public void counter(String name, String help, DoubleSupplier value) {
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    public PrometheusRegistry registry() { return registry; }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
