package dev.tollgate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real pipeline in an EmbeddedChannel: the test decides when each route's future completes. */
class PipelineEmbeddedTest {
    private final Map<String, CompletableFuture<ApiResponse>> futures = new ConcurrentHashMap<>();
    private final AtomicInteger bodies = new AtomicInteger();
    private final Router router = new Router()
            .get("/wait/:n", req -> future(req.pathParam("n")))
            .post("/count", req -> {
                bodies.incrementAndGet();
                return CompletableFuture.completedFuture(ApiResponse.ok(Map.of("bytes", req.body().length)));
            });
    private EmbeddedChannel channel;

    private CompletableFuture<ApiResponse> future(String name) {
        return futures.computeIfAbsent(name, n -> new CompletableFuture<>());
    }

    private EmbeddedChannel open(int maxBody) {
        ServerContext context = ApiServer.builder(router).maxBodyBytes(maxBody)
                .bodyDrainTimeout(Duration.ofMillis(100)).context();
        channel = new EmbeddedChannel(new ApiChannelInitializer(context));
        return channel;
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    /** Everything the server wrote so far, parsed into responses. */
    private List<RawHttp.Response> written() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) msg;
            buf.readBytes(out, buf.readableBytes());
            buf.release();
        }
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        List<RawHttp.Response> responses = new ArrayList<>();
        while (in.available() > 0) {
            responses.add(RawHttp.readFrom(in));
        }
        return responses;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    @Test
    void pipelinedRequestWaitsForThePreviousResponseAndReadingPauses() throws Exception {
        open(1024);
        send(get("/wait/1") + get("/wait/2"));
        assertTrue(written().isEmpty());
        assertNull(futures.get("2"), "the second request is not dispatched while the first is in flight");
        assertFalse(channel.config().isAutoRead(), "a client running ahead is not read further");

        future("2").complete(ApiResponse.ok("two")); // completes first, must still be answered second
        future("1").complete(ApiResponse.ok("one"));
        List<RawHttp.Response> responses = written();
        assertEquals(List.of("\"one\"", "\"two\""), responses.stream().map(RawHttp.Response::body).toList());
        assertTrue(channel.config().isAutoRead());
        assertTrue(channel.isOpen());
    }

    @Test
    void oversizedBodyIsAnsweredOnlyOnceFullyReceived() throws Exception {
        open(1000);
        send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n" + "a".repeat(1500));
        assertTrue(written().isEmpty(), "answering now would reset a client still sending");
        send("a".repeat(1500));
        List<RawHttp.Response> responses = written();
        assertEquals(1, responses.size());
        assertEquals(413, responses.get(0).status());
        assertEquals("{\"error\":\"request body exceeds 1000 bytes\",\"code\":\"payload_too_large\"}",
                responses.get(0).body());
        assertFalse(channel.isOpen());
        assertEquals(0, bodies.get());
    }

    @Test
    void oversizedBodyStillSendingAtTheDrainDeadlineIsAnsweredThen() throws Exception {
        open(1000);
        channel.freezeTime();
        send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + "a".repeat(2000));
        assertTrue(written().isEmpty());
        channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(413, written().get(0).status());
        assertFalse(channel.isOpen());
    }

    @Test
    void expectContinueOverTheLimitIsRefusedAtOnceWithJson() throws Exception {
        open(1000);
        send("POST /count HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
        List<RawHttp.Response> responses = written();
        assertEquals(1, responses.size());
        assertEquals(413, responses.get(0).status());
        assertEquals("payload_too_large", ApiJson.mapper().readTree(responses.get(0).body()).get("code").asText());
        assertFalse(channel.isOpen());
    }

    @Test
    void expectContinueWithinTheLimitGetsContinueThenTheAnswer() throws Exception {
        open(1000);
        send("POST /count HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
        assertEquals(100, written().get(0).status());
        send("0123456789");
        assertEquals("{\"bytes\":10}", written().get(0).body());
        assertTrue(channel.isOpen());
    }

    @Test
    void unknownExpectationIs417Json() throws Exception {
        open(1000);
        send("POST /count HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 10\r\n\r\n");
        RawHttp.Response r = written().get(0);
        assertEquals(417, r.status());
        assertEquals("expectation_failed", ApiJson.mapper().readTree(r.body()).get("code").asText());
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void clientLeavingMidRequestDropsTheResponseQuietly() throws Exception {
        open(1024);
        send(get("/wait/gone"));
        channel.close();
        future("gone").complete(ApiResponse.ok("late"));
        assertTrue(written().isEmpty());
    }
}
