package dev.tollgate.proxy.exchange;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.proxy.route.DestinationMapper.Mapping;
import dev.tollgate.proxy.route.Target;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One proxied request on one connection, from its first byte to its last response byte: what was
 * asked, who asked, the decision and what happened upstream. Confined to the connection's event
 * loop (no locking). The connection has at most one exchange at a time ({@link #of}); the body is
 * released when the exchange finishes.
 */
public final class Exchange {
    public static final AttributeKey<Exchange> KEY = AttributeKey.valueOf("tollgate.exchange");

    private final HttpRequest request;
    private final String client;
    private final long startNanos = System.nanoTime();
    private final ExchangeObserver observer;
    private Target target;
    private Mapping mapping;
    private ByteBuf body = Unpooled.EMPTY_BUFFER;
    private long bodySize;
    private String bodySha256;
    private String digest;
    private StreamedBody streamed;
    private Identity identity;
    private Intent intent;
    private String decision;
    private String reasonCode;
    private String error;
    private long decidedNanos;
    private long upstreamStartNanos;
    private long upstreamHeadersNanos;
    private long endNanos;
    private int upstreamStatus;
    private long bytesOut;
    private boolean finished;

    public Exchange(HttpRequest request, String client, ExchangeObserver observer) {
        this.request = request;
        this.client = client;
        this.observer = observer;
    }

    public static Exchange of(Channel ch) { return ch.attr(KEY).get(); }

    /** {@code address:port} of a client, for metadata, logs and the held list. */
    public static String clientOf(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return (i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress()) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    public HttpRequest request() { return request; }
    public String method() { return request.method().name(); }
    public boolean isConnect() { return HttpMethod.CONNECT.equals(request.method()); }
    public String client() { return client; }
    public long startNanos() { return startNanos; }

    public Target target() { return target; }
    public Mapping mapping() { return mapping; }
    public void route(Target t, Mapping m) { target = t; mapping = m; }

    public ByteBuf body() { return body; }
    public long bodySize() { return bodySize; }
    public String bodySha256() { return bodySha256; }
    public String digest() { return digest; }

    /** The body that streams instead of being buffered; null when the body is (or is being) buffered. */
    public StreamedBody streamedBody() { return streamed; }

    /** This request's body will stream if an approval comes at once; until then it waits in {@code b}. */
    public void streamed(StreamedBody b, String requestDigest) {
        streamed = b;
        bodySize = Math.max(0, b.declaredLength());
        bodySha256 = null;
        digest = requestDigest;
    }

    /** The complete request body (ownership passes to this exchange) and the request digest (SPEC §5.3). */
    public void body(ByteBuf content, long size, String sha256, String requestDigest) {
        streamed = null;
        body.release();
        body = content;
        bodySize = size;
        bodySha256 = sha256;
        digest = requestDigest;
    }

    public Identity identity() { return identity; }
    public void identity(Identity id) { identity = id; }

    public Intent intent() { return intent; }
    public String intentId() { return intent == null ? null : intent.id(); }

    public void decided(Intent i, String decision, String reasonCode) {
        if (i != null) intent = i;
        this.decision = decision;
        this.reasonCode = reasonCode;
        if (decidedNanos == 0) decidedNanos = System.nanoTime();
    }

    public String decision() { return decision; }
    public String reasonCode() { return reasonCode; }
    public long decidedNanos() { return decidedNanos; }

    public String error() { return error; }
    public void error(String code) { error = code; }

    public void upstreamStarted() { upstreamStartNanos = System.nanoTime(); }
    public long upstreamStartNanos() { return upstreamStartNanos; }

    public void upstreamHeaders(int status) {
        upstreamStatus = status;
        upstreamHeadersNanos = System.nanoTime();
    }

    public int upstreamStatus() { return upstreamStatus; }
    public long upstreamHeadersNanos() { return upstreamHeadersNanos; }

    public void addBytesOut(long n) { bytesOut += n; }
    public long bytesOut() { return bytesOut; }

    public boolean finished() { return finished; }
    public long endNanos() { return endNanos; }

    /** The last response byte was written, or the connection is gone: log once, free the body. */
    public void finish() {
        if (finished) return;
        finished = true;
        endNanos = System.nanoTime();
        if (decision == null) decision = "client_closed";
        body.release();
        body = Unpooled.EMPTY_BUFFER;
        observer.finished(this);
    }
}
