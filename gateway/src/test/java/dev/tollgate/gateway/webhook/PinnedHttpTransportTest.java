package dev.tollgate.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.tollgate.engine.webhook.WebhookDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class PinnedHttpTransportTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final WebhookDelivery DELIVERY = new WebhookDelivery("dlv_00000000000000a1", "whk_00000000000000a1",
            "int_00000000000000a1", "approved", "system", Instant.parse("2026-03-08T11:30:00Z"), 0, null, "pending", null);

    private static WebhookRequest request(String url, InetAddress... addresses) {
        return new WebhookRequest(WebhookUrl.parse(url), List.of(addresses),
                WebhookMessage.build(DELIVERY, "s3cret", 1, 1_700_000_000_000L, true));
    }

    private static PinnedHttpTransport transport(SSLSocketFactory tls) {
        return new PinnedHttpTransport(tls, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** An HTTPS receiver on 127.0.0.1 presenting {@code served}; records the SNI names and Host headers. */
    private static final class TlsReceiver implements AutoCloseable {
        final HttpsServer server;
        final List<List<SNIServerName>> sni = new CopyOnWriteArrayList<>();
        final List<String> hosts = new CopyOnWriteArrayList<>();

        TlsReceiver(TestCertificates served) throws Exception {
            server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 10);
            server.setHttpsConfigurator(new HttpsConfigurator(served.serverContext()));
            server.createContext("/", ex -> {
                sni.add(((ExtendedSSLSession) ((HttpsExchange) ex).getSSLSession()).getRequestedServerNames());
                hosts.add(ex.getRequestHeaders().getFirst("Host"));
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(202, -1);
                ex.close();
            });
            server.start();
        }

        int port() { return server.getAddress().getPort(); }

        @Override public void close() { server.stop(0); }
    }

    @Test
    void httpsGoesToTheCheckedAddressButVerifiesAndNamesTheUrlHost() throws Exception {
        TestCertificates cert = new TestCertificates("webhook.test");
        try (TlsReceiver r = new TlsReceiver(cert); PinnedHttpTransport t = transport(cert.trustingContext().getSocketFactory())) {
            // webhook.test resolves nowhere: the transport must use the given address, not DNS.
            int status = t.post(request("https://webhook.test:" + r.port() + "/cb", LOOPBACK));
            assertEquals(202, status);
            assertEquals(List.of(List.<SNIServerName>of(new SNIHostName("webhook.test"))), r.sni);
            assertEquals(List.of("webhook.test:" + r.port()), r.hosts);
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        TestCertificates other = new TestCertificates("other.test");
        try (TlsReceiver r = new TlsReceiver(other); PinnedHttpTransport t = transport(other.trustingContext().getSocketFactory())) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> t.post(request("https://webhook.test:" + r.port() + "/cb", LOOPBACK)));
            assertTrue(String.valueOf(e.getMessage()).contains("webhook.test"), e.getMessage());
            assertTrue(r.hosts.isEmpty(), "request sent despite the wrong certificate");
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedByDefault() throws Exception {
        TestCertificates cert = new TestCertificates("webhook.test");
        try (TlsReceiver r = new TlsReceiver(cert); PinnedHttpTransport t = new PinnedHttpTransport()) {
            assertThrows(SSLHandshakeException.class, () -> t.post(request("https://webhook.test:" + r.port() + "/cb", LOOPBACK)));
            assertTrue(r.hosts.isEmpty());
        }
    }

    @Test
    void triesTheNextCheckedAddressWhenOneRefusesTheConnection() throws Exception {
        try (Receiver r = Receiver.always(200); PinnedHttpTransport t = transport((SSLSocketFactory) SSLSocketFactory.getDefault())) {
            // The receiver listens on 127.0.0.1 only, so 127.0.0.2 refuses the connection.
            int status = t.post(request("http://unresolvable.invalid:" + r.port() + "/",
                    InetAddress.getByName("127.0.0.2"), LOOPBACK));
            assertEquals(200, status);
            assertEquals("unresolvable.invalid:" + r.port(), r.received.get(0).headers().getFirst("Host"));
        }
    }

    @Test
    void skipsInterimResponsesAndRejectsNonHttpAnswers() throws Exception {
        assertEquals(201, rawServer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(500, rawServer("HTTP/1.0 500\r\n\r\n"));
        IOException e = assertThrows(IOException.class, () -> rawServer("SSH-2.0-OpenSSH\r\n"));
        assertTrue(e.getMessage().contains("not an HTTP/1.x response"), e.getMessage());
        assertThrows(IOException.class, () -> rawServer(""));
    }

    @Test
    void sendsExactlyTheSignedBodyWithItsLength() throws Exception {
        try (Receiver r = Receiver.always(204); PinnedHttpTransport t = transport((SSLSocketFactory) SSLSocketFactory.getDefault())) {
            WebhookRequest req = request("http://127.0.0.1:" + r.port() + "/cb", LOOPBACK);
            assertEquals(204, t.post(req));
            Receiver.Received got = r.received.get(0);
            assertEquals(new String(req.message().body(), StandardCharsets.UTF_8), new String(got.body(), StandardCharsets.UTF_8));
            assertEquals(String.valueOf(req.message().body().length), got.headers().getFirst("Content-Length"));
            WebhookDispatcherTest.verifySignature(got.headers().getFirst("X-Gate-Signature"), "s3cret", got.body());
        }
    }

    /** Serves one canned answer after reading the request head and body; returns the status the transport saw. */
    private static int rawServer(String answer) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, LOOPBACK);
             PinnedHttpTransport t = transport((SSLSocketFactory) SSLSocketFactory.getDefault())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = ss.accept()) {
                    InputStream in = s.getInputStream();
                    String head = readHead(in);
                    int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                    in.readNBytes(length);
                    OutputStream out = s.getOutputStream();
                    out.write(answer.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try {
                return t.post(request("http://127.0.0.1:" + ss.getLocalPort() + "/", LOOPBACK));
            } finally {
                served.get(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) throw new IOException("eof in head");
            b.append((char) c);
        }
        return b.toString();
    }
}
