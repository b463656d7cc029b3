package dev.tollgate.proxy.decision;

import dev.tollgate.engine.intent.ForwardGrant;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ProxyIntents;
import dev.tollgate.engine.intent.ReasonCode;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.ProxyResponses;
import dev.tollgate.proxy.route.PendingMode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import java.lang.System.Logger.Level;

/** The answers to decisions (SPEC §5.3, bodies §4.9), shared by the decision and hold stages. */
public final class DecisionResponder {
    private static final System.Logger LOG = System.getLogger(DecisionResponder.class.getName());
    public static final String WAIT_HEADER = "X-Gate-Wait";

    private final ProxyIntents proxyIntents;
    private final int retryAfterSeconds;
    private final PendingMode defaultPending;
    private final String dashboardUrl;

    public DecisionResponder(ProxyIntents proxyIntents, int retryAfterSeconds, PendingMode defaultPending,
                             String dashboardUrl) {
        this.proxyIntents = proxyIntents;
        this.retryAfterSeconds = retryAfterSeconds;
        this.defaultPending = defaultPending;
        this.dashboardUrl = dashboardUrl;
    }

    /** The status a final, non-approved intent is reported with ({@code X-Gate-Decision}). */
    public static String statusOf(Intent i) {
        if (i.reasonCode() == ReasonCode.REJECTED_BY_REVIEWER) return "rejected";
        if (i.status() == IntentStatus.EXPIRED) return "expired";
        return i.status().wire();
    }

    /**
     * Hold or retry: a CONNECT is always held (a 202 would read as "tunnel open"); otherwise
     * {@code X-Gate-Wait: true}, then the rule's {@code pending}, then {@code proxy.pending}.
     */
    public PendingMode pendingMode(Exchange ex) {
        if (ex.isConnect()) return PendingMode.HOLD;
        String wait = ex.request().headers().get(WAIT_HEADER);
        if (wait != null && wait.trim().equalsIgnoreCase("true")) return PendingMode.HOLD;
        PendingMode rule = ex.mapping().pending();
        return rule != null ? rule : defaultPending;
    }

    public void retryLater(ChannelHandlerContext ctx, Exchange ex, Intent i) {
        write(ctx, ex, ProxyResponses.pending(i, retryAfterSeconds, dashboardUrl));
    }

    public void deny(ChannelHandlerContext ctx, Exchange ex, Intent i, String status, String reasonCode, String blockReason) {
        ex.decided(i, status, reasonCode);
        write(ctx, ex, ProxyResponses.denied(i, status, reasonCode, blockReason));
    }

    public void conflict(ChannelHandlerContext ctx, Exchange ex, Intent i, String code, String message) {
        ex.decided(i, "refused", code);
        write(ctx, ex, ProxyResponses.error(409, code, message, i.id()));
    }

    /** A claim that was refused: 409 for another request's or a used intent, else 403 with the intent's status. */
    public void refused(ChannelHandlerContext ctx, Exchange ex, ForwardGrant.Refused r) {
        if (r.code().equals("request_mismatch") || r.code().equals("intent_already_used")) {
            conflict(ctx, ex, r.intent(), r.code(), r.message());
        } else {
            Intent i = r.intent();
            deny(ctx, ex, i, statusOf(i), i.reasonCode().wire(), i.blockReason() != null ? i.blockReason() : r.message());
        }
    }

    public void write(ChannelHandlerContext ctx, Exchange ex, FullHttpResponse response) {
        if (ctx.channel().isActive()) ctx.writeAndFlush(response);
        else response.release();
    }

    /** An intent claimed for a forward that never happened (the client left first): recorded as failed. */
    public void recordUnforwarded(Intent i, String code, String actor) {
        proxyIntents.recordOutcome(i, false, Json.object().put("error", code), actor).whenComplete((x, e) -> {
            if (e != null) LOG.log(Level.WARNING, "could not record the outcome of intent " + i.id(), e);
        });
    }
}
