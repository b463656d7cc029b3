package dev.tollgate.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.proxy.support.ProxyHarness;
import dev.tollgate.proxy.support.RawHttp;
import dev.tollgate.proxy.support.TestUpstream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Responses stream as they arrive, with backpressure; nothing is aggregated. */
class StreamingTest {
    @TempDir Path dir;
    ProxyHarness h;
    TestUpstream up;

    @BeforeEach void start() throws Exception {
        h = ProxyHarness.start(dir);
        up = TestUpstream.plain();
    }

    @AfterEach void stop() {
        up.sseGate.countDown();
        up.close();
        h.close();
    }

    private String get(String path) {
        return "GET http://api.test:" + up.port() + path + " HTTP/1.1\r\nHost: api.test\r\nProxy-Authorization: "
                + h.basic() + "\r\n\r\n";
    }

    /** Reads until {@code marker} appears in what was read so far. */
    private static String readUntil(InputStream in, String marker) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int c = in.read();
            if (c < 0) throw new AssertionError("closed before " + marker + ": " + b);
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Test void theFirstServerSentEventArrivesBeforeTheUpstreamFinishes() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            c.send(get("/sse"));
            String head = readUntil(c.socket.getInputStream(), "data: first");
            assertTrue(head.contains("200"), head);
            assertTrue(head.toLowerCase().contains("transfer-encoding: chunked"), head);
            assertTrue(head.toLowerCase().contains("x-gate-intent-id: int_"), head);
            assertEquals(1, up.sseGate.getCount(), "the upstream has not finished yet");
            up.sseGate.countDown();
            readUntil(c.socket.getInputStream(), "data: second");
            readUntil(c.socket.getInputStream(), "0\r\n\r\n");
        }
    }

    @Test void aChunkedResponseIsRelayedChunkByChunk() throws Exception {
        HttpResponse<String> r = h.client().send(HttpRequest.newBuilder(URI.create("http://api.test:" + up.port() + "/chunked"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("part0;part1;part2;", r.body());
        String id = r.headers().firstValue("X-Gate-Intent-Id").orElseThrow();
        Intent i = h.awaitStatus(id, "succeeded");
        assertEquals("succeeded", i.status().wire());
    }

    @Test void aLargeDownloadStreamsWithBoundedBuffering() throws Exception {
        long size = 50L * 1024 * 1024;
        try (RawHttp c = new RawHttp(h.port())) {
            c.send(get("/big/" + size));
            InputStream in = c.socket.getInputStream();
            String head = readUntil(in, "\r\n\r\n");
            assertTrue(head.contains("Content-Length: " + size) || head.toLowerCase().contains("content-length: " + size), head);
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            while (read < 1024 * 1024) read += in.read(buf);
            Thread.sleep(500);
            long flushed = up.bigBytesFlushed.get();
            assertTrue(flushed < 24L * 1024 * 1024, "the upstream got ahead of a slow client by " + flushed
                    + " bytes: the proxy must stop reading when the client cannot take more");
            while (read < size) {
                int n = in.read(buf);
                if (n < 0) break;
                read += n;
            }
            assertEquals(size, read);
        }
        assertEquals(size, up.bigBytesFlushed.get());
    }

    @Test void informationalResponsesFromTheUpstreamAreNotMistakenForTheAnswer() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send(get("/early")).read();
            assertEquals(200, r.status());
            assertEquals("after early hints", r.body());
            assertEquals(200, c.send(get("/next")).read().status());
        }
    }

    @Test void headResponsesHaveNoBodyAndTheConnectionStaysUsable() throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            RawHttp.Response r = c.send("HEAD http://api.test:" + up.port() + "/h HTTP/1.1\r\nHost: api.test\r\n"
                    + "Proxy-Authorization: " + h.basic() + "\r\n\r\n").read(true);
            assertEquals(200, r.status());
            RawHttp.Response next = c.send(get("/after-head")).read();
            assertEquals(200, next.status());
            assertTrue(next.body().contains("/after-head"));
        }
    }
}
