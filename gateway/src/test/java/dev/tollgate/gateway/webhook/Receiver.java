package dev.tollgate.gateway.webhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A webhook receiver on 127.0.0.1, port chosen by the OS. {@code status} maps the 1-based number
 * of the request received to the status answered.
 */
final class Receiver implements AutoCloseable {
    record Received(String method, String path, Headers headers, byte[] body) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    private final HttpServer server;
    private volatile long delayMillis;

    Receiver(IntUnaryOperator status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                byte[] body = ex.getRequestBody().readAllBytes();
                received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(), ex.getRequestHeaders(), body));
                if (delayMillis > 0) Thread.sleep(delayMillis);
                int code = status.applyAsInt(received.size());
                if (code == 302) ex.getResponseHeaders().add("Location", "/elsewhere");
                ex.sendResponseHeaders(code, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrent.decrementAndGet();
                ex.close();
            }
        });
        server.start();
    }

    static Receiver always(int status) throws IOException { return new Receiver(n -> status); }

    Receiver slow(long millis) {
        this.delayMillis = millis;
        return this;
    }

    int port() { return server.getAddress().getPort(); }

    String url(String path) { return "http://127.0.0.1:" + port() + path; }

    @Override public void close() { server.stop(0); }
}
