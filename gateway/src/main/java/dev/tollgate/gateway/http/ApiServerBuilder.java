package dev.tollgate.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Settings of an {@link ApiServer}; defaults are the production ones. */
public final class ApiServerBuilder {
    private final Router router;
    private final List<Filter> filters = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port = 4000;
    private int maxBodyBytes = 1024 * 1024;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration bodyDrainTimeout = Duration.ofSeconds(5);
    private Duration shutdownGrace = Duration.ofSeconds(5);
    private int ioThreads;
    private ObjectMapper mapper = ApiJson.mapper();

    ApiServerBuilder(Router router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    public ApiServerBuilder host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /** 0 picks a free port; read it back with {@link ApiServer#port()}. */
    public ApiServerBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        return this;
    }

    /** Largest request body accepted; a larger one is answered 413 without reaching any route. */
    public ApiServerBuilder maxBodyBytes(int maxBodyBytes) {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        this.maxBodyBytes = maxBodyBytes;
        return this;
    }

    /** A connection with nothing read or written for this long is closed. */
    public ApiServerBuilder idleTimeout(Duration idleTimeout) {
        this.idleTimeout = positive(idleTimeout, "idleTimeout");
        return this;
    }

    /** How long an oversized body is read and dropped, so its 413 can be delivered, before giving up. */
    public ApiServerBuilder bodyDrainTimeout(Duration bodyDrainTimeout) {
        this.bodyDrainTimeout = positive(bodyDrainTimeout, "bodyDrainTimeout");
        return this;
    }

    /** How long {@link ApiServer#close()} waits for requests in flight. */
    public ApiServerBuilder shutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        return this;
    }

    /** Event-loop threads for connections; 0 (default) lets Netty choose (twice the cores). */
    public ApiServerBuilder ioThreads(int ioThreads) {
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be >= 0");
        }
        this.ioThreads = ioThreads;
        return this;
    }

    /** The mapper for request and response bodies; defaults to {@link ApiJson#mapper()}. */
    public ApiServerBuilder objectMapper(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        return this;
    }

    /** Adds a filter; filters run in the order added, before the matched route. */
    public ApiServerBuilder filter(Filter filter) {
        filters.add(Objects.requireNonNull(filter, "filter"));
        return this;
    }

    public ApiServer build() {
        return new ApiServer(this, context());
    }

    /** Also used by tests to run the real pipeline in an EmbeddedChannel. */
    ServerContext context() {
        return new ServerContext(new RequestProcessor(router, filters), mapper, maxBodyBytes,
                idleTimeout.toMillis(), bodyDrainTimeout.toMillis());
    }

    Router router() {
        return router;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    int ioThreads() {
        return ioThreads;
    }

    Duration shutdownGrace() {
        return shutdownGrace;
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
