package dev.tollgate.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Uploads through `serve`'s proxy: under {@code allow} a 64 MiB body streams to the origin while the
 * client is still sending, and the audit trail says exactly what went out; under a policy that reads
 * payloads the same upload is refused with 413 before any connection to the origin.
 */
class ProxyUploadEndToEndTest {
    private static final long SIZE = 64L * 1024 * 1024;
    private static Path destinations;

    static {
        try {
            destinations = Files.createTempFile("destinations", ".yaml");
            Files.writeString(destinations, """
                    destinations:
                      - name: bulk.upload
                        match: { host: 127.0.0.1, path: /upload/** }
                        policy: allow
                      - name: zendesk.reply
                        match: { host: 127.0.0.1, path: /reply/** }
                        policy: support-reply
                    default_policy: null
                    """);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @RegisterExtension final TollgateExtension gate = new TollgateExtension()
            .with("proxy.allow_private", "127.0.0.0/8").with("proxy.destinations", destinations.toString());

    private HttpServer upstream;
    private final AtomicInteger upstreamRequests = new AtomicInteger();
    private final AtomicLong upstreamBytes = new AtomicLong();

    @BeforeEach void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            upstreamRequests.incrementAndGet();
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (Exception e) {
                throw new IOException(e);
            }
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = ex.getRequestBody()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                    upstreamBytes.addAndGet(n);
                }
            }
            byte[] body = HexFormat.of().formatHex(sha.digest()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.start();
    }

    @AfterEach void stopUpstream() { upstream.stop(0); }

    private String url(String path) { return "http://127.0.0.1:" + upstream.getAddress().getPort() + path; }

    @Test void a64MiBUploadStreamsAndTheAuditRecordsWhatWentOut() throws Exception {
        String key = IntentLifecycleTest.register(gate, "uploader");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", gate.server().proxyPort())))
                .authenticator(new java.net.Authenticator() {
                    @Override protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication("uploader", key.toCharArray());
                    }
                }).build();
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        AtomicLong originBytesAtQuarter = new AtomicLong(-1);
        java.util.function.Supplier<InputStream> body = () -> new InputStream() {
            long n;

            @Override public int read() { throw new UnsupportedOperationException(); }

            @Override public int read(byte[] b, int off, int len) {
                if (n >= SIZE) return -1;
                if (n == 0) sent.reset();
                if (n >= SIZE / 4 && originBytesAtQuarter.get() < 0 && upstreamRequests.get() > 0) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (upstreamBytes.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
                    originBytesAtQuarter.set(upstreamBytes.get());
                }
                int k = (int) Math.min(len, SIZE - n);
                for (int i = 0; i < k; i++) b[off + i] = (byte) ((n + i) * 13);
                sent.update(b, off, k);
                n += k;
                return k;
            }
        };
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url("/upload/big.bin")))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), SIZE))
                .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofString());
        String sha = HexFormat.of().formatHex(sent.digest());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(sha, r.body(), "the origin got exactly the body");
        assertTrue(originBytesAtQuarter.get() > 0, "the origin was receiving while the client was still sending");

        String intentId = r.headers().firstValue("X-Gate-Intent-Id").orElseThrow();
        JsonNode outcome = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (outcome == null && System.currentTimeMillis() < deadline) {
            for (JsonNode e : gate.admin().get("/v1/intents/" + intentId).json().path("auditTrail")) {
                if (e.path("event_type").asText().equals("execution_succeeded")) outcome = e.get("metadata");
            }
            if (outcome == null) Thread.sleep(50);
        }
        assertTrue(outcome != null, "execution_succeeded recorded");
        assertEquals(SIZE, outcome.at("/request_body/bytes").asLong());
        assertEquals(sha, outcome.at("/request_body/sha256").asText());
        assertTrue(outcome.at("/request_body/complete").asBoolean());
    }

    @Test void theSameUploadUnderAPolicyThatReadsPayloadsIs413WithoutAnyConnection() throws Exception {
        String key = IntentLifecycleTest.register(gate, "replier");
        Path file = Files.createTempFile("upload", ".txt");
        try {
            try (var out = Files.newOutputStream(file)) {
                byte[] chunk = "x".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 64; i++) out.write(chunk);
            }
            Process p = new ProcessBuilder("curl", "-s", "-m", "30", "-o", "-", "-w", "\n%{http_code}", "-x",
                    "http://127.0.0.1:" + gate.server().proxyPort(), "--proxy-user", "replier:" + key,
                    "-H", "Content-Type: text/plain", "--data-binary", "@" + file, url("/reply/1"))
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(40, TimeUnit.SECONDS), "curl finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.endsWith("\n413"), out);
            assertTrue(out.contains("body_too_large"), out);
            assertEquals(0, upstreamRequests.get(), "nothing reached the origin");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
