package dev.tollgate.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The per-connection pipeline, one small handler per protocol step. Typed on {@link Channel} rather than a socket
 * channel so tests can run the very same pipeline in an {@code EmbeddedChannel}.
 */
final class ApiChannelInitializer extends ChannelInitializer<Channel> {
    private final ServerContext server;
    private final DecodeFailureHandler decodeFailures =
            new DecodeFailureHandler(ServerContext.MAX_INITIAL_LINE, ServerContext.MAX_HEADER_SIZE);

    ApiChannelInitializer(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void initChannel(Channel channel) {
        server.accepted.increment();
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(ServerContext.MAX_INITIAL_LINE)
                .setMaxHeaderSize(ServerContext.MAX_HEADER_SIZE);
        channel.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, server.idleMillis, TimeUnit.MILLISECONDS))
                .addLast("codec", new HttpServerCodec(decoding))
                .addLast("keepAlive", new HttpServerKeepAliveHandler())
                .addLast("aggregator", new BodyLimitAggregator(server.maxBodyBytes, server.encoder, server.drainMillis))
                .addLast("decodeFailure", decodeFailures)
                .addLast("dispatcher", new Dispatcher(server))
                .addLast("guard", ConnectionGuard.INSTANCE);
    }
}
