package dev.tollgate.proxy.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.util.Json;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Every answer Tollgate itself gives a proxied client: JSON ({@code {"error","code"}} at least),
 * {@code X-Gate-Intent-Id} whenever an intent exists, the decision bodies of SPEC §4.9.
 */
public final class ProxyResponses {
    public static final String INTENT_ID = "X-Gate-Intent-Id";
    public static final String DECISION = "X-Gate-Decision";

    private ProxyResponses() {}

    public static FullHttpResponse json(int status, ObjectNode body, String intentId) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (intentId != null) r.headers().set(INTENT_ID, intentId);
        return r;
    }

    /** {@code {"error": message, "code": code[, "intentId"]}}. */
    public static FullHttpResponse error(int status, String code, String message, String intentId) {
        ObjectNode n = Json.object().put("error", message).put("code", code);
        if (intentId != null) n.put("intentId", intentId);
        return json(status, n, intentId);
    }

    /** Same, and the connection closes after it (the rest of the request is not read). */
    public static FullHttpResponse closing(int status, String code, String message, String intentId) {
        FullHttpResponse r = error(status, code, message, intentId);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }

    /**
     * 403 for a request that may not go: {@code {status, intentId, blockReason, reason_code, destination,
     * policy}} plus {@code error}/{@code code}, and {@code X-Gate-Decision: <status>}.
     */
    public static FullHttpResponse denied(Intent i, String status, String reasonCode, String blockReason) {
        ObjectNode n = Json.object().put("status", status).put("intentId", i.id()).put("blockReason", blockReason)
                .put("reason_code", reasonCode).put("destination", i.destination()).put("policy", i.policyId())
                .put("error", blockReason == null ? "request " + status : blockReason).put("code", reasonCode);
        FullHttpResponse r = json(403, n, i.id());
        r.headers().set(DECISION, status);
        return r;
    }

    /** 202 in retry mode: the client re-sends the same request later (with {@code X-Gate-Intent-Id}). */
    public static FullHttpResponse pending(Intent i, int retryAfterSeconds, String dashboardUrl) {
        ObjectNode n = Json.object().put("status", "pending_approval").put("intentId", i.id())
                .put("message", "Request held for approval: re-send it with header " + INTENT_ID + ": " + i.id()
                        + " after a reviewer approves it (an identical request is recognised without the header)")
                .put("dashboard", dashboardUrl == null ? null : dashboardUrl + "/intents/" + i.id())
                .put("retryAfterSeconds", retryAfterSeconds)
                .put("reason_code", i.reasonCode().wire()).put("destination", i.destination()).put("policy", i.policyId());
        FullHttpResponse r = json(202, n, i.id());
        r.headers().set(DECISION, "pending_approval").setInt(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
        return r;
    }
}
