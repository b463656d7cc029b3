package dev.tollgate.proxy.server;

import dev.tollgate.proxy.route.PendingMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The proxy's settings (SPEC §2, §5). {@link #defaults()} gives the documented defaults; the
 * {@code with*} methods change one each.
 *
 * @param bindHost                address to listen on
 * @param port                    0 = an ephemeral port ({@link ProxyServer#port()} tells which)
 * @param tlsIntercept            terminate TLS inside CONNECT and decide each request (else the CONNECT is the intent)
 * @param tlsPassthrough          host patterns ({@code api.example.com}, {@code *.example.com}) never intercepted
 * @param holdTimeout             how long a held request waits for a decision (then 504)
 * @param auth                    whether credentials are required
 * @param retryAfterSeconds       {@code Retry-After} of a 202
 * @param defaultPending          retry (202) or hold, when neither the request nor its rule says
 * @param maxInspectBytes         body limit under a policy that reads payloads (413 beyond)
 * @param maxBufferedBytes        body limit under a policy that does not (the digest still covers the body)
 * @param upstreamConnectTimeout  TCP connect to an upstream
 * @param upstreamResponseTimeout from sending the request to the upstream's response headers (504 beyond)
 * @param idleTimeout             a client connection with no request in progress is closed after this
 * @param maxInitialLineBytes     request line limit (414 beyond)
 * @param maxHeaderBytes          request headers limit (431 beyond)
 * @param dashboardUrl            base URL of the dashboard for 202 bodies; null = none
 * @param resolutionCacheMillis   how long a checked DNS answer is reused; 0 = look up for every forward
 * @param ioThreads               event loop threads; 0 = Netty's default (2 × cores)
 */
public record ProxyConfig(String bindHost, int port, boolean tlsIntercept, List<String> tlsPassthrough,
                          Duration holdTimeout, AuthMode auth, int retryAfterSeconds, PendingMode defaultPending,
                          long maxInspectBytes, long maxBufferedBytes, Duration upstreamConnectTimeout,
                          Duration upstreamResponseTimeout, Duration idleTimeout, int maxInitialLineBytes,
                          int maxHeaderBytes, String dashboardUrl, long resolutionCacheMillis, int ioThreads) {

    public enum AuthMode { REQUIRED, OPTIONAL }

    public static final long MIB = 1024 * 1024;

    public ProxyConfig {
        Objects.requireNonNull(bindHost);
        tlsPassthrough = List.copyOf(tlsPassthrough);
        Objects.requireNonNull(holdTimeout);
        Objects.requireNonNull(auth);
        Objects.requireNonNull(defaultPending);
        Objects.requireNonNull(upstreamConnectTimeout);
        Objects.requireNonNull(upstreamResponseTimeout);
        Objects.requireNonNull(idleTimeout);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (maxInspectBytes < 0 || maxBufferedBytes < 0) throw new IllegalArgumentException("negative body limit");
    }

    public static ProxyConfig defaults() {
        return new ProxyConfig("127.0.0.1", 4001, true, List.of(), Duration.ofMinutes(15), AuthMode.REQUIRED, 30,
                PendingMode.RETRY, MIB, 16 * MIB, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60),
                8 * 1024, 32 * 1024, null, 5_000, 0);
    }

    public ProxyConfig withBind(String host, int p) {
        return new ProxyConfig(host, p, tlsIntercept, tlsPassthrough, holdTimeout, auth, retryAfterSeconds, defaultPending,
                maxInspectBytes, maxBufferedBytes, upstreamConnectTimeout, upstreamResponseTimeout, idleTimeout,
                maxInitialLineBytes, maxHeaderBytes, dashboardUrl, resolutionCacheMillis, ioThreads);
    }

    public ProxyConfig withTls(boolean intercept, List<String> passthrough) {
        return new ProxyConfig(bindHost, port, intercept, passthrough, holdTimeout, auth, retryAfterSeconds, defaultPending,
                maxInspectBytes, maxBufferedBytes, upstreamConnectTimeout, upstreamResponseTimeout, idleTimeout,
                maxInitialLineBytes, maxHeaderBytes, dashboardUrl, resolutionCacheMillis, ioThreads);
    }

    public ProxyConfig withPending(PendingMode mode, Duration hold, int retryAfter) {
        return new ProxyConfig(bindHost, port, tlsIntercept, tlsPassthrough, hold, auth, retryAfter, mode,
                maxInspectBytes, maxBufferedBytes, upstreamConnectTimeout, upstreamResponseTimeout, idleTimeout,
                maxInitialLineBytes, maxHeaderBytes, dashboardUrl, resolutionCacheMillis, ioThreads);
    }

    public ProxyConfig withAuth(AuthMode mode) {
        return new ProxyConfig(bindHost, port, tlsIntercept, tlsPassthrough, holdTimeout, mode, retryAfterSeconds,
                defaultPending, maxInspectBytes, maxBufferedBytes, upstreamConnectTimeout, upstreamResponseTimeout,
                idleTimeout, maxInitialLineBytes, maxHeaderBytes, dashboardUrl, resolutionCacheMillis, ioThreads);
    }

    public ProxyConfig withBodyLimits(long inspect, long buffered) {
        return new ProxyConfig(bindHost, port, tlsIntercept, tlsPassthrough, holdTimeout, auth, retryAfterSeconds,
                defaultPending, inspect, buffered, upstreamConnectTimeout, upstreamResponseTimeout, idleTimeout,
                maxInitialLineBytes, maxHeaderBytes, dashboardUrl, resolutionCacheMillis, ioThreads);
    }

    public ProxyConfig withTimeouts(Duration connect, Duration response, Duration idle) {
        return new ProxyConfig(bindHost, port, tlsIntercept, tlsPassthrough, holdTimeout, auth, retryAfterSeconds,
                defaultPending, maxInspectBytes, maxBufferedBytes, connect, response, idle, maxInitialLineBytes,
                maxHeaderBytes, dashboardUrl, resolutionCacheMillis, ioThreads);
    }

    public ProxyConfig withDashboard(String url) {
        return new ProxyConfig(bindHost, port, tlsIntercept, tlsPassthrough, holdTimeout, auth, retryAfterSeconds,
                defaultPending, maxInspectBytes, maxBufferedBytes, upstreamConnectTimeout, upstreamResponseTimeout,
                idleTimeout, maxInitialLineBytes, maxHeaderBytes, url, resolutionCacheMillis, ioThreads);
    }

    public ProxyConfig withResolutionCache(long millis) {
        return new ProxyConfig(bindHost, port, tlsIntercept, tlsPassthrough, holdTimeout, auth, retryAfterSeconds,
                defaultPending, maxInspectBytes, maxBufferedBytes, upstreamConnectTimeout, upstreamResponseTimeout,
                idleTimeout, maxInitialLineBytes, maxHeaderBytes, dashboardUrl, millis, ioThreads);
    }

    public ProxyConfig withIoThreads(int threads) {
        return new ProxyConfig(bindHost, port, tlsIntercept, tlsPassthrough, holdTimeout, auth, retryAfterSeconds,
                defaultPending, maxInspectBytes, maxBufferedBytes, upstreamConnectTimeout, upstreamResponseTimeout,
                idleTimeout, maxInitialLineBytes, maxHeaderBytes, dashboardUrl, resolutionCacheMillis, threads);
    }
}
