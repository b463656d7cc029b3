package dev.tollgate.proxy.upstream;

import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.HopByHop;
import dev.tollgate.proxy.exchange.ProxyResponses;
import dev.tollgate.proxy.route.Target;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import dev.tollgate.proxy.exchange.StreamedBody;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;

/** What crosses the proxy: the request as sent upstream, and the response headers as sent back. */
final class UpstreamMessages {
    private UpstreamMessages() {}

    /** Origin-form request with the buffered body re-framed by Content-Length; hop-by-hop and X-Gate-* removed. */
    static FullHttpRequest request(Exchange ex) {
        Target t = ex.target();
        HttpHeaders h = ex.request().headers().copy();
        HopByHop.stripRequest(h, HopByHop.isWebSocketUpgrade(ex.request().headers()));
        h.set(HttpHeaderNames.HOST, t.authority());
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        HttpMethod m = ex.request().method();
        if (ex.bodySize() > 0 || m.equals(HttpMethod.POST) || m.equals(HttpMethod.PUT) || m.equals(HttpMethod.PATCH)) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, ex.bodySize());
        }
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, m, t.originForm(), ex.body().retainedDuplicate(), h,
                EmptyHttpHeaders.INSTANCE);
    }

    /**
     * The head of a request whose body streams: framed as the client framed it (its Content-Length,
     * or chunked), so the upstream reads exactly the bytes the client sends, and no more.
     */
    static HttpRequest head(Exchange ex) {
        Target t = ex.target();
        HttpHeaders h = ex.request().headers().copy();
        HopByHop.stripRequest(h, false);
        h.set(HttpHeaderNames.HOST, t.authority());
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        StreamedBody body = ex.streamedBody();
        if (body.chunked()) h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        else h.set(HttpHeaderNames.CONTENT_LENGTH, body.declaredLength());
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, ex.request().method(), t.originForm(), h);
    }

    /** Response headers for the client: hop-by-hop removed, the intent named, the body re-framed. */
    static void prepareResponse(HttpResponse r, Exchange ex) {
        int code = r.status().code();
        boolean switching = code == 101;
        boolean bodyless = switching || code == 204 || code == 304 || HttpMethod.HEAD.equals(ex.request().method());
        boolean delimited = r.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && !r.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
        HopByHop.stripResponse(r.headers(), switching);
        if (!delimited) r.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        r.headers().set(ProxyResponses.INTENT_ID, ex.intentId());
        r.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!bodyless && !delimited) {
            if (ex.request().protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else {
                r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
    }
}
