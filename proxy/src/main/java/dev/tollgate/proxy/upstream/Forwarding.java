package dev.tollgate.proxy.upstream;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.StreamedBody;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

/**
 * One attempt to forward one approved request over one upstream connection: what the
 * {@link ResponseRelay} reports back (headers, completion, failure) and what follows from it. For a
 * body that streams it is also the body's {@link StreamedBody.Sink}: the client leaving mid-body
 * resets the upstream (so it never sees a complete request) and fails the intent. Exactly one outcome
 * is recorded per forward, whichever side ends it first.
 */
final class Forwarding implements StreamedBody.Sink {
    private final ForwardHandler owner;
    private final Exchange exchange;
    private final Intent intent;
    private final Channel client;
    private final Channel upstream;
    private final int attempt;
    private final boolean reused;
    private boolean reusable;
    private boolean switching;
    private boolean ended;

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
        if (!end()) return;
        StreamedBody body = exchange.streamedBody();
        if (body != null && !body.complete()) {
            // The upstream answered before the whole body went out: the rest is dropped, and this
            // connection is mid-request, so it cannot be reused.
            body.stop();
            reusable = false;
        }
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
        if (!end()) return;
        UpstreamLink.unlink(client, upstream);
        upstream.close();
        if (failure == null && reused && attempt == 0 && idempotent() && exchange.streamedBody() == null
                && client.isActive()) {
            owner.retry(exchange, intent); // a kept-alive connection the upstream had closed meanwhile
            return;
        }
        owner.outcomes().failed(client, exchange, intent,
                failure != null ? failure : UpstreamFailure.closed(exchange.target().host()));
    }

    /** The upstream died in the middle of the body: the client cannot be told otherwise than by closing. */
    void broken() {
        if (!end()) return;
        UpstreamLink.unlink(client, upstream);
        exchange.error("upstream_reset");
        owner.outcomes().succeeded(exchange, intent, Json.object().put("upstream_status", exchange.upstreamStatus())
                .put("bytes", exchange.bytesOut()).put("complete", false));
        client.close();
    }

    @Override public Channel upstream() { return upstream; }

    @Override public void bodySent() {
        ResponseRelay relay = upstream.pipeline().get(ResponseRelay.class);
        if (relay != null) relay.armTimeout(owner.responseTimeoutMillis());
    }

    void upstreamWritable() {
        StreamedBody body = exchange.streamedBody();
        if (body != null) body.upstreamWritable();
    }

    /** The client left mid-body: reset the upstream (SO_LINGER 0: RST, not FIN) and fail the intent. */
    @Override public void clientAborted(String message) {
        if (!end()) return;
        UpstreamLink.unlink(client, upstream);
        if (upstream.isActive()) {
            upstream.config().setOption(ChannelOption.SO_LINGER, 0);
            upstream.close();
        }
        owner.outcomes().failed(client, exchange, intent, new UpstreamFailure(499, "client_aborted", message, null));
    }

    /** True for the first end of this forward only. */
    private boolean end() {
        if (ended) return false;
        ended = true;
        return true;
    }

    private boolean idempotent() {
        HttpMethod m = exchange.request().method();
        return m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS);
    }
}
