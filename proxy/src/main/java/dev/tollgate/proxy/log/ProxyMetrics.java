package dev.tollgate.proxy.log;

/**
 * What the proxy counts; the gateway bridges it to Prometheus (the proxy has no metrics library).
 * Called on event loops: implementations must be quick and must not block.
 */
public interface ProxyMetrics {
    /**
     * One proxied request finished (answered or aborted).
     *
     * @param decision    approved, blocked, duplicate_blocked, rejected, expired, pending_approval,
     *                    hold_timeout, intercepted, error or client_closed
     * @param totalNanos  from the request's first byte to its last response byte
     */
    default void requestCompleted(String decision, long totalNanos) {}

    /** Time from the complete request to its decision (authentication, policy, commit). */
    default void decided(String decision, long nanos) {}

    /** Upstream response headers arrived {@code nanos} after the forward began (connect included). */
    default void upstreamResponse(int status, long nanos) {}

    /** A forward failed before a response: upstream_connect_failed, upstream_tls_failed, upstream_timeout, ... */
    default void upstreamFailed(String code) {}

    /** The number of held requests changed. */
    default void held(int count) {}

    /** A connection to an upstream was opened (false) or reused from the pool (true). */
    default void upstreamConnection(boolean reused) {}

    ProxyMetrics NONE = new ProxyMetrics() {};
}
