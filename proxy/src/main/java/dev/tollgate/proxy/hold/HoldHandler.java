package dev.tollgate.proxy.hold;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.intent.ForwardGrant;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentService;
import dev.tollgate.engine.intent.ProxyIntents;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.decision.DecisionResponder;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ForwardOrder;
import dev.tollgate.proxy.exchange.HoldOrder;
import dev.tollgate.proxy.exchange.Loop;
import dev.tollgate.proxy.exchange.ProxyResponses;
import dev.tollgate.proxy.route.Target;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a pending request's connection open until its intent is decided (SPEC §5.3 hold mode):
 * approved → the intent is claimed and the request forwarded on this connection; rejected or
 * expired → 403; no decision within the hold timeout → 504 (the intent stays pending); the client
 * leaving drops the hold (the intent stays pending). No thread waits: a registry entry and a timer.
 */
public final class HoldHandler extends ChannelInboundHandlerAdapter {
    private final HeldRegistry registry;
    private final IntentService intents;
    private final ProxyIntents proxyIntents;
    private final DecisionResponder responder;
    private final long timeoutMillis;

    public HoldHandler(HeldRegistry registry, IntentService intents, ProxyIntents proxyIntents,
                       DecisionResponder responder, Duration timeout) {
        this.registry = registry;
        this.intents = intents;
        this.proxyIntents = proxyIntents;
        this.responder = responder;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HoldOrder o) new Hold(ctx, o.exchange(), o.intent()).start();
        else ctx.fireChannelRead(msg);
    }

    private final class Hold {
        private final ChannelHandlerContext ctx;
        private final Exchange ex;
        private final Intent intent;
        private HeldRegistry.Held entry;
        private ScheduledFuture<?> timer;
        private final ChannelFutureListener onClose = f -> closed();

        Hold(ChannelHandlerContext ctx, Exchange ex, Intent intent) {
            this.ctx = ctx;
            this.ex = ex;
            this.intent = intent;
        }

        void start() {
            Target t = ex.target();
            long now = System.currentTimeMillis();
            HeldView view = new HeldView(intent.id(), ex.method(), t.host(), t.connect() ? "" : t.path(), t.scheme(),
                    now, now + timeoutMillis, t.redactedUrl(), ex.identity().agentId(), ex.identity().agentName(),
                    intent.destination(), intent.policyId(), 0, ex.client());
            entry = registry.register(view, ctx.executor(), this::decided);
            timer = ctx.executor().schedule(this::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
            ctx.channel().closeFuture().addListener(onClose);
            // A decision committed between the proposal and this registration told nobody: look once.
            Loop.resume(ctx, intents.get(intent.id(), Optional.empty()), (Optional<Intent> now2, Throwable e) -> {
                if (e == null && now2.isPresent() && !now2.get().isPending() && registry.remove(entry)) decided(now2.get());
            });
        }

        private void stopWaiting() {
            timer.cancel(false);
            ctx.channel().closeFuture().removeListener(onClose);
        }

        private void closed() {
            if (registry.remove(entry)) timer.cancel(false);
        }

        private void timedOut() {
            if (!registry.remove(entry)) return;
            stopWaiting();
            ex.decided(intent, "hold_timeout", "hold_timeout");
            ObjectNode body = Json.object().put("error", "no decision within the hold timeout (" + timeoutMillis
                            + " ms); the intent stays pending: re-send the request, or send it with " + ProxyResponses.INTENT_ID)
                    .put("code", "hold_timeout").put("status", "pending_approval").put("intentId", intent.id());
            FullHttpResponse r = ProxyResponses.json(504, body, intent.id());
            r.headers().set(ProxyResponses.DECISION, "pending_approval");
            responder.write(ctx, ex, r);
        }

        /** Runs on the loop once the hold has ended with a decision: claim the intent, then forward or answer. */
        private void decided(Intent decided) {
            stopWaiting();
            if (!ctx.channel().isActive()) return;
            Loop.resume(ctx, proxyIntents.use(intent.id(), ex.identity().agentId(), ex.digest(), ex.identity().actor()),
                    (ForwardGrant g, Throwable e) -> {
                        if (e != null) {
                            ex.decided(intent, "error", "store_unavailable");
                            responder.write(ctx, ex, ProxyResponses.error(503, "store_unavailable",
                                    "Tollgate could not record the use of the approval; nothing was forwarded", intent.id()));
                        } else if (g instanceof ForwardGrant.Forward f) {
                            ex.decided(f.intent(), "approved", f.intent().reasonCode().wire());
                            if (ctx.channel().isActive()) ctx.fireChannelRead(new ForwardOrder(ex, f.intent()));
                            else responder.recordUnforwarded(f.intent(), "client_closed", ex.identity().actor());
                        } else if (g instanceof ForwardGrant.Pending) {
                            start();
                        } else {
                            responder.refused(ctx, ex, (ForwardGrant.Refused) g);
                        }
                    });
        }
    }
}
