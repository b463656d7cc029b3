package dev.tollgate.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.Map;

/** {@link ApiResponse} to Netty response: serialises the body and adds the headers every response carries. */
final class ResponseEncoder {
    private static final System.Logger LOG = System.getLogger("dev.tollgate.gateway.http");
    static final AsciiString JSON_UTF8 = AsciiString.cached("application/json; charset=utf-8");
    private static final AsciiString NO_STORE = AsciiString.cached("no-store");
    private static final AsciiString NO_CACHE = AsciiString.cached("no-cache");
    private static final AsciiString X_ACCEL_BUFFERING = AsciiString.cached("x-accel-buffering");
    private static final AsciiString NO = AsciiString.cached("no");
    private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
    private static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("x-content-type-options");

    /** How the connection continues after this response. */
    enum Connection { KEEP_ALIVE, KEEP_ALIVE_HTTP10, CLOSE }

    private final ObjectWriter writer;

    ResponseEncoder(ObjectMapper mapper) {
        this.writer = mapper.writer();
    }

    /** Never fails: a response that cannot be encoded is logged and replaced by a 500. */
    FullHttpResponse encode(ApiResponse response, ByteBufAllocator alloc, Connection connection) {
        try {
            return build(response, alloc, connection);
        } catch (RuntimeException e) { // e.g. a route's header value with a line break, refused by Netty
            LOG.log(Level.ERROR, "cannot encode a " + response.status() + " response", e);
            return build(ErrorMapper.INTERNAL_ERROR, alloc, connection);
        }
    }

    private FullHttpResponse build(ApiResponse response, ByteBufAllocator alloc, Connection connection) {
        ByteBuf content;
        CharSequence contentType;
        ApiResponse.Body body = response.body();
        if (body instanceof ApiResponse.JsonBody json) {
            content = serialise(json.value(), alloc);
            if (content == null) {
                return build(ErrorMapper.INTERNAL_ERROR, alloc, connection);
            }
            contentType = JSON_UTF8;
        } else if (body instanceof ApiResponse.BytesBody bytes) {
            content = Unpooled.wrappedBuffer(bytes.content());
            contentType = bytes.contentType();
        } else {
            content = Unpooled.EMPTY_BUFFER;
            contentType = null;
        }
        FullHttpResponse out = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()), content);
        try {
            setHeaders(out.headers(), response, contentType, content.readableBytes(), connection);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    /**
     * The head of a {@link StreamBody} response: chunked on a persistent HTTP/1.1 connection, otherwise delimited
     * by closing the connection; never a {@code Content-Length}. Null when the route's headers cannot be encoded.
     */
    HttpResponse encodeStreamHead(ApiResponse response, StreamBody body, Connection connection) {
        try {
            HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
            HttpHeaders headers = out.headers();
            headers.set(HttpHeaderNames.CONTENT_TYPE, body.contentType());
            headers.set(HttpHeaderNames.CACHE_CONTROL, NO_CACHE);
            headers.set(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
            headers.set(X_ACCEL_BUFFERING, NO); // no buffering in a reverse proxy in front of us
            for (Map.Entry<String, String> h : response.headers().entrySet()) {
                headers.set(h.getKey(), h.getValue());
            }
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            if (connection == Connection.KEEP_ALIVE) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                headers.remove(HttpHeaderNames.CONNECTION);
            } else {
                headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            return out;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "cannot encode a " + response.status() + " stream response head", e);
            return null;
        }
    }

    /** Route headers come after the defaults (so they can override them) but before the framing ones. */
    private static void setHeaders(HttpHeaders headers, ApiResponse response, CharSequence contentType, int length,
                                   Connection connection) {
        if (contentType != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        headers.set(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
        headers.set(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            headers.set(h.getKey(), h.getValue());
        }
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        if (response.status() == 204) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH); // a 204 must not announce a length
        } else {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        switch (connection) {
            case CLOSE -> headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            case KEEP_ALIVE_HTTP10 -> headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            default -> headers.remove(HttpHeaderNames.CONNECTION);
        }
    }

    /** Straight into a pooled buffer: no intermediate byte[] per response. Null when the value cannot be written. */
    private ByteBuf serialise(Object value, ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer(256);
        try (ByteBufOutputStream stream = new ByteBufOutputStream(buf)) {
            writer.writeValue((OutputStream) stream, value);
            return buf;
        } catch (Exception e) {
            buf.release();
            LOG.log(Level.ERROR, "cannot serialise a " + value.getClass().getName() + " as a response body", e);
            return null;
        }
    }
}
