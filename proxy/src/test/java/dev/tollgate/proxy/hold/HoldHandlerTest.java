package dev.tollgate.proxy.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentService;
import dev.tollgate.engine.intent.Proposal;
import dev.tollgate.engine.intent.ProxyIntents;
import dev.tollgate.engine.policy.PolicyEvaluator;
import dev.tollgate.engine.policy.PolicyRegistry;
import dev.tollgate.engine.store.sqlite.SqliteStore;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.decision.DecisionResponder;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ExchangeObserver;
import dev.tollgate.proxy.exchange.ForwardOrder;
import dev.tollgate.proxy.exchange.HoldOrder;
import dev.tollgate.proxy.exchange.Identity;
import dev.tollgate.proxy.exchange.RequestDigest;
import dev.tollgate.proxy.route.DestinationMapper;
import dev.tollgate.proxy.route.PendingMode;
import dev.tollgate.proxy.route.Target;
import dev.tollgate.proxy.route.TargetParser;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HoldHandler} on an {@link EmbeddedChannel} against a real engine: release, rejection, timeout, disconnect. */
class HoldHandlerTest {
    @TempDir Path dir;
    SqliteStore store;
    IntentService intents;
    ProxyIntents proxyIntents;
    final HeldRegistry registry = new HeldRegistry();
    final Identity who = Identity.of(new Principal.AgentPrincipal(new Agent("agt_0011223344556677", "bot", null, "standard",
            AgentStatus.ACTIVE, null, null, null, Json.object(), Instant.EPOCH)));
    final CompletableFuture<Object> out = new CompletableFuture<>();

    @BeforeEach void open() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("review.yaml"), "id: review\nrequire_approval: always\n");
        store = SqliteStore.open(dir.resolve("t.db"), new AuditChain(AuditKey.of(new byte[32])));
        intents = new IntentService(store, new PolicyEvaluator(PolicyRegistry.load(policies)), Clock.systemUTC(), null,
                Runnable::run, registry);
        proxyIntents = new ProxyIntents(intents);
    }

    @AfterEach void close() { store.close(); }

    private EmbeddedChannel channel(Duration timeout) {
        DecisionResponder responder = new DecisionResponder(proxyIntents, 30, PendingMode.HOLD, null);
        return new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                out.complete(msg);
                promise.setSuccess();
            }
        }, new HoldHandler(registry, intents, proxyIntents, responder, timeout), new ChannelInboundHandlerAdapter() {
            @Override public void channelRead(ChannelHandlerContext ctx, Object msg) { out.complete(msg); }
        });
    }

    private HoldOrder pending() throws Exception {
        Target t = TargetParser.absolute("http://hold.example/pay");
        Exchange ex = new Exchange(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "http://hold.example/pay"),
                "127.0.0.1:5000", ExchangeObserver.NONE);
        ex.route(t, new DestinationMapper.Mapping("hold.example.http", "review", null, PendingMode.HOLD));
        String digest = RequestDigest.of("GET", t.absoluteUrl(), RequestDigest.EMPTY_BODY_SHA256);
        ex.body(Unpooled.EMPTY_BUFFER, 0, RequestDigest.EMPTY_BODY_SHA256, digest);
        ex.identity(who);
        Intent i = proxyIntents.propose(new Proposal("hold.example.http", "review", null, null, 0, 1L, null, List.of(), null,
                null, null, Json.object(), digest), who.principal(), who.agentId(), null, null).get(10, TimeUnit.SECONDS).intent();
        assertTrue(i.isPending());
        return new HoldOrder(ex, i);
    }

    @Test void approvalClaimsTheIntentAndSendsTheRequestOn() throws Exception {
        EmbeddedChannel ch = channel(Duration.ofMinutes(1));
        HoldOrder o = pending();
        ch.writeInbound(o);
        assertEquals(1, registry.count());
        intents.approve(o.intent().id(), new Principal.Admin(), Optional.empty()).get(10, TimeUnit.SECONDS);
        ch.runPendingTasks();
        ForwardOrder f = (ForwardOrder) out.get(10, TimeUnit.SECONDS);
        assertEquals(o.intent().id(), f.intent().id());
        assertTrue(f.intent().usedAt() != null, "claimed for this one forward");
        assertEquals(0, registry.count());
        ch.finishAndReleaseAll();
    }

    @Test void rejectionAnswers403() throws Exception {
        EmbeddedChannel ch = channel(Duration.ofMinutes(1));
        HoldOrder o = pending();
        ch.writeInbound(o);
        intents.reject(o.intent().id(), new Principal.Admin(), "no").get(10, TimeUnit.SECONDS);
        ch.runPendingTasks();
        FullHttpResponse r = (FullHttpResponse) out.get(10, TimeUnit.SECONDS);
        assertEquals(403, r.status().code());
        assertEquals("rejected", r.headers().get("X-Gate-Decision"));
        r.release();
        ch.finishAndReleaseAll();
    }

    @Test void theHoldTimesOutWith504() throws Exception {
        EmbeddedChannel ch = channel(Duration.ofMillis(20));
        HoldOrder o = pending();
        ch.writeInbound(o);
        Thread.sleep(50);
        ch.runScheduledPendingTasks();
        FullHttpResponse r = (FullHttpResponse) out.get(10, TimeUnit.SECONDS);
        assertEquals(504, r.status().code());
        assertEquals(o.intent().id(), r.headers().get("X-Gate-Intent-Id"));
        assertEquals(0, registry.count());
        r.release();
        ch.finishAndReleaseAll();
    }

    @Test void aDisconnectDropsTheHold() throws Exception {
        EmbeddedChannel ch = channel(Duration.ofMinutes(1));
        ch.writeInbound(pending());
        assertEquals(1, registry.count());
        ch.close();
        assertEquals(0, registry.count());
        ch.finishAndReleaseAll();
    }
}
