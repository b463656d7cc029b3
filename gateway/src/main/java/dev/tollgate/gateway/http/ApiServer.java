package dev.tollgate.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The API listener: a Netty HTTP/1.1 server that owns its event loops. Build it with {@link #builder(Router)},
 * {@link #start()} it, and {@link #close()} it.
 */
public final class ApiServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.tollgate.gateway.http");

    private final ApiServerBuilder settings;
    private final ServerContext context;
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private Channel listener;
    private boolean closed;

    ApiServer(ApiServerBuilder settings, ServerContext context) {
        this.settings = settings;
        this.context = context;
    }

    public static ApiServerBuilder builder(Router router) {
        return new ApiServerBuilder(router);
    }

    /** Binds and returns once the port accepts connections. */
    public synchronized ApiServer start() throws IOException {
        if (listener != null || closed) {
            throw new IllegalStateException("an ApiServer starts once");
        }
        settings.router().freeze();
        acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("tollgate-api-accept"));
        workers = new NioEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("tollgate-api-io"));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true) // small JSON responses must not wait for Nagle
                .childHandler(new ApiChannelInitializer(context));
        try {
            listener = bootstrap.bind(settings.host(), settings.port()).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind failure (BindException...) undeclared
            shutDownLoops();
            throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "API listening on " + listener.localAddress());
        return this;
    }

    /** The bound port (the ephemeral one when built with port 0). */
    public int port() {
        return localAddress().getPort();
    }

    public InetSocketAddress localAddress() {
        if (listener == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) listener.localAddress();
    }

    /** Connections accepted since start. */
    public long connectionsAccepted() {
        return context.accepted.sum();
    }

    /**
     * Stops accepting, lets requests already received finish (up to the builder's shutdown grace, their
     * responses saying {@code Connection: close}), then closes every connection and stops the event loops.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.shuttingDown = true;
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (context.inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        shutDownLoops();
    }

    private void shutDownLoops() {
        for (EventLoopGroup group : new EventLoopGroup[] {acceptor, workers}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    ServerContext context() {
        return context;
    }

    @Override
    public String toString() {
        return "ApiServer[" + settings.host() + ":" + (listener == null ? settings.port() : port()) + "]";
    }
}
