package dev.tollgate.proxy.upstream;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.exchange.Exchange;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

/**
 * One attempt to forward one approved request over one upstream connection: what the
 * {@link ResponseRelay} reports back (headers, completion, failure) and what follows from it.
 */
final class Forwarding {
    private final ForwardHandler owner;
    private final Exchange exchange;
    private final Intent intent;
    private final Channel client;
    private final Channel upstream;
    private final int attempt;
    private final boolean reused;
    private boolean reusable;
    private boolean switching;

    Forwarding(ForwardHandler owner, Exchange exchange, Intent intent, Channel client, Channel upstream, int attempt) {
        this.owner = owner;
        this.exchange = exchange;
        this.intent = intent;
        this.client = client;
        this.upstream = upstream;
        this.attempt = attempt;
        this.reused = Boolean.TRUE.equals(upstream.attr(UpstreamConnector.REUSED).get());
    }

    Exchange exchange() { return exchange; }

    Channel client() { return client; }

    void headers(HttpResponse r) {
        exchange.upstreamHeaders(r.status().code());
        owner.metrics().upstreamResponse(r.status().code(), System.nanoTime() - exchange.upstreamStartNanos());
        switching = r.status().code() == 101;
        reusable = HttpUtil.isKeepAlive(r) && !switching;
        UpstreamMessages.prepareResponse(r, exchange);
    }

    void completed(Channel ch) {
        owner.outcomes().succeeded(exchange, intent, Json.object().put("upstream_status", exchange.upstreamStatus())
                .put("bytes", exchange.bytesOut()));
        if (switching) {
            owner.switchToTunnel(client, ch);
            return;
        }
        UpstreamLink.unlink(client, ch);
        owner.connector().release(ch, reusable);
    }

    /** The upstream closed or timed out before any response headers. */
    void noResponse(UpstreamFailure failure) {
        UpstreamLink.unlink(client, upstream);
        upstream.close();
        if (failure == null && reused && attempt == 0 && idempotent() && client.isActive()) {
            owner.retry(exchange, intent); // a kept-alive connection the upstream had closed meanwhile
            return;
        }
        owner.outcomes().failed(client, exchange, intent,
                failure != null ? failure : UpstreamFailure.closed(exchange.target().host()));
    }

    /** The upstream died in the middle of the body: the client cannot be told otherwise than by closing. */
    void broken() {
        UpstreamLink.unlink(client, upstream);
        exchange.error("upstream_reset");
        owner.outcomes().succeeded(exchange, intent, Json.object().put("upstream_status", exchange.upstreamStatus())
                .put("bytes", exchange.bytesOut()).put("complete", false));
        client.close();
    }

    private boolean idempotent() {
        HttpMethod m = exchange.request().method();
        return m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS);
    }
}
