package dev.tollgate.proxy.decision;

import dev.tollgate.engine.EngineException;
import dev.tollgate.engine.intent.ForwardGrant;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ProposeResult;
import dev.tollgate.engine.intent.ProxyIntents;
import dev.tollgate.engine.intent.ReasonCode;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ForwardOrder;
import dev.tollgate.proxy.exchange.HoldOrder;
import dev.tollgate.proxy.exchange.Identity;
import dev.tollgate.proxy.exchange.Loop;
import dev.tollgate.proxy.exchange.ProxyResponses;
import dev.tollgate.proxy.route.PendingMode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.System.Logger.Level;

/**
 * Submits each request as an intent (or, with {@code X-Gate-Intent-Id}, claims that intent) and acts
 * on the decision (SPEC §5.3): a claimed approval goes on as a {@link ForwardOrder}; a pending one
 * gets 202 in retry mode or goes on as a {@link HoldOrder}; everything else is answered here (403,
 * 409, 404, 503). Nothing is forwarded unless the store committed the claim.
 *
 * <p>A request whose body may stream ({@link dev.tollgate.proxy.exchange.StreamedBody}) arrives here on
 * its headers alone. It is proposed then only if its policy approves it outright ({@link StreamPermit});
 * otherwise, and whenever the store's answer is pending after all, its body is buffered instead
 * ({@code fallBack}) and the request comes back here complete, to be decided like any other.
 */
public final class DecisionHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(DecisionHandler.class.getName());

    private final ProxyIntents proxyIntents;
    private final ProposalFactory proposals;
    private final DecisionResponder responder;
    private final StreamPermit permit;

    public DecisionHandler(ProxyIntents proxyIntents, ProposalFactory proposals, DecisionResponder responder,
                           StreamPermit permit) {
        this.proxyIntents = proxyIntents;
        this.proposals = proposals;
        this.responder = responder;
        this.permit = permit;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Exchange ex)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Identity who = ex.identity();
        String intentId = ex.request().headers().get(ProxyResponses.INTENT_ID);
        if (ex.streamedBody() != null) {
            if (!permit.approves(ex)) {
                ex.streamedBody().fallBack();
                return;
            }
            Loop.resume(ctx, proxyIntents.propose(proposals.build(ex), who.principal(), who.agentId(),
                            who.allowedPolicies(), who.allowedDestinations()),
                    (ProposeResult r, Throwable e) -> onStreamProposed(ctx, ex, r, e));
        } else if (intentId != null && !ex.isConnect()) {
            Loop.resume(ctx, proxyIntents.use(intentId.trim(), who.agentId(), ex.digest(), who.actor()),
                    (ForwardGrant g, Throwable e) -> onGrant(ctx, ex, g, e));
        } else if (ex.mapping().blocked()) {
            Loop.resume(ctx, proxyIntents.proposeUnroutable(proposals.build(ex), who.principal(), who.agentId(),
                            "No destination rule allows " + ex.target().host() + " (" + ex.method() + " "
                                    + ex.target().redactedUrl() + ") and there is no default_policy"),
                    (ProposeResult r, Throwable e) -> onProposed(ctx, ex, r, e));
        } else {
            Loop.resume(ctx, proxyIntents.propose(proposals.build(ex), who.principal(), who.agentId(),
                            who.allowedPolicies(), who.allowedDestinations()),
                    (ProposeResult r, Throwable e) -> onProposed(ctx, ex, r, e));
        }
    }

    private void onProposed(ChannelHandlerContext ctx, Exchange ex, ProposeResult r, Throwable e) {
        if (e != null) {
            failed(ctx, ex, e);
            return;
        }
        Intent i = r.intent();
        if (r instanceof ProposeResult.Duplicate) {
            responder.deny(ctx, ex, i, "duplicate_blocked", ReasonCode.DUPLICATE_IDEMPOTENCY_KEY.wire(),
                    "Idempotency-Key was already used for intent " + i.id());
        } else if (i.status() == IntentStatus.APPROVED && i.usedAt() != null) {
            forward(ctx, ex, i);
        } else if (i.status() == IntentStatus.APPROVED) {
            responder.conflict(ctx, ex, i, "intent_already_used", "intent " + i.id() + " was already used by another request");
        } else if (i.isPending()) {
            pending(ctx, ex, i);
        } else {
            responder.deny(ctx, ex, i, DecisionResponder.statusOf(i), i.reasonCode().wire(), i.blockReason());
        }
    }

    /** Pending after all (a policy changed since the permit): buffer the body and propose again, over it. */
    private void onStreamProposed(ChannelHandlerContext ctx, Exchange ex, ProposeResult r, Throwable e) {
        if (e == null && !(r instanceof ProposeResult.Duplicate) && r.intent().isPending()) {
            LOG.log(Level.INFO, "intent " + r.intent().id() + " of a streamable request is pending; buffering its body");
            ex.streamedBody().fallBack();
        } else {
            onProposed(ctx, ex, r, e);
        }
    }

    private void onGrant(ChannelHandlerContext ctx, Exchange ex, ForwardGrant g, Throwable e) {
        if (e instanceof EngineException ee && ee.kind() == EngineException.Kind.NOT_FOUND) {
            ex.decided(null, "refused", "intent_not_found");
            responder.write(ctx, ex, ProxyResponses.error(404, "intent_not_found",
                    "no intent with the id in X-Gate-Intent-Id", null));
        } else if (e != null) {
            failed(ctx, ex, e);
        } else if (g instanceof ForwardGrant.Forward f) {
            forward(ctx, ex, f.intent());
        } else if (g instanceof ForwardGrant.Pending p) {
            pending(ctx, ex, p.intent());
        } else {
            ForwardGrant.Refused refused = (ForwardGrant.Refused) g;
            responder.refused(ctx, ex, refused);
        }
    }

    private void forward(ChannelHandlerContext ctx, Exchange ex, Intent i) {
        ex.decided(i, "approved", i.reasonCode().wire());
        if (!ctx.channel().isActive()) {
            responder.recordUnforwarded(i, "client_closed", ex.identity().actor());
            return;
        }
        ctx.fireChannelRead(new ForwardOrder(ex, i));
    }

    private void pending(ChannelHandlerContext ctx, Exchange ex, Intent i) {
        ex.decided(i, "pending_approval", i.reasonCode().wire());
        if (!ctx.channel().isActive()) return;
        if (responder.pendingMode(ex) == PendingMode.HOLD) ctx.fireChannelRead(new HoldOrder(ex, i));
        else responder.retryLater(ctx, ex, i);
    }

    private void failed(ChannelHandlerContext ctx, Exchange ex, Throwable e) {
        LOG.log(Level.WARNING, "could not record the intent of a proxied request; nothing forwarded", e);
        ex.decided(null, "error", "store_unavailable");
        responder.write(ctx, ex, ProxyResponses.json(503, Json.object().put("error",
                "Tollgate could not record this request's intent; nothing was forwarded").put("code", "store_unavailable"), null));
    }
}
