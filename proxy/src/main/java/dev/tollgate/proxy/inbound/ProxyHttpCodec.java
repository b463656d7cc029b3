package dev.tollgate.proxy.inbound;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.util.ArrayDeque;

/**
 * The client side's HTTP/1.1 codec: Netty's request decoder and response encoder, with two changes.
 * A request with both {@code Transfer-Encoding: chunked} and {@code Content-Length} is marked as a
 * decoding failure instead of being repaired (Netty drops the length), so it is refused, never
 * forwarded: such a request is a smuggling attempt. And the encoder knows which request each response
 * answers, so that responses to {@code HEAD} and {@code 2xx} to {@code CONNECT} carry no body.
 */
public final class ProxyHttpCodec extends CombinedChannelDuplexHandler<ProxyHttpCodec.Decoder, ProxyHttpCodec.Encoder> {
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(4);

    public ProxyHttpCodec(int maxInitialLineBytes, int maxHeaderBytes) {
        HttpDecoderConfig config = new HttpDecoderConfig().setMaxInitialLineLength(maxInitialLineBytes)
                .setMaxHeaderSize(maxHeaderBytes).setMaxChunkSize(64 * 1024).setAllowDuplicateContentLengths(false)
                .setValidateHeaders(true);
        init(new Decoder(config), new Encoder());
    }

    /** Thrown into the decoder result of a request whose framing is ambiguous. */
    public static final class ConflictingFraming extends IllegalArgumentException {
        ConflictingFraming() { super("Content-Length together with Transfer-Encoding", null); }

        @Override public synchronized Throwable fillInStackTrace() { return this; }
    }

    final class Decoder extends HttpRequestDecoder {
        Decoder(HttpDecoderConfig config) { super(config); }

        @Override protected HttpMessage createMessage(String[] initialLine) throws Exception {
            HttpMessage m = super.createMessage(initialLine);
            methods.add(((HttpRequest) m).method());
            return m;
        }

        @Override protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            message.setDecoderResult(DecoderResult.failure(new ConflictingFraming()));
        }
    }

    final class Encoder extends HttpResponseEncoder {
        @Override protected boolean isContentAlwaysEmpty(HttpResponse msg) {
            int code = msg.status().code();
            if (code >= 100 && code < 200 && code != 101) return super.isContentAlwaysEmpty(msg);
            HttpMethod method = methods.poll();
            if (HttpMethod.HEAD.equals(method)) return true;
            if (HttpMethod.CONNECT.equals(method) && code >= 200 && code < 300) return true;
            return super.isContentAlwaysEmpty(msg);
        }
    }
}
