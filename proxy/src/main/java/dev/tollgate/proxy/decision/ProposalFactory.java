package dev.tollgate.proxy.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.intent.Proposal;
import dev.tollgate.engine.policy.Policy;
import dev.tollgate.engine.util.Json;
import dev.tollgate.proxy.exchange.Exchange;
import dev.tollgate.proxy.exchange.StreamedBody;
import dev.tollgate.proxy.route.DestinationMapper.Mapping;
import dev.tollgate.proxy.route.Target;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.List;

/**
 * Turns a proxied request into a {@link Proposal} (SPEC §5.2): destination and policy from the
 * mapping (the built-in {@code deny} when no rule allows it, so the refusal is recorded too), the
 * body as the payload when it is text and within the inspection limit, its type from
 * {@code Content-Type}, the record count from the rule's JSON Pointer (default 1), the
 * {@code Idempotency-Key}, the request's metadata and its digest.
 */
public final class ProposalFactory {
    private final long maxInspectBytes;

    /**
     * The approval window of a streamed request's intent. It is proposed only when its policy approves
     * it outright ({@link StreamPermit}); should the store's answer be pending after all (the policy
     * changed in between), the request is buffered and proposed again with a digest over its body, and
     * this short window makes the first intent expire before anyone can approve and reuse it.
     */
    static final Duration STREAMED_WINDOW = Duration.ofSeconds(5);

    public ProposalFactory(long maxInspectBytes) { this.maxInspectBytes = maxInspectBytes; }

    public Proposal build(Exchange ex) {
        Mapping m = ex.mapping();
        Target t = ex.target();
        HttpHeaders h = ex.request().headers();
        String contentType = h.get(HttpHeaderNames.CONTENT_TYPE);
        StreamedBody streamed = ex.streamedBody();
        String type = streamed != null ? BodyTypes.ofHeader(contentType) : BodyTypes.of(contentType, ex.body());
        String payload = streamed == null && BodyTypes.textLike(type) && ex.bodySize() <= maxInspectBytes
                ? BodyTypes.utf8(ex.body()) : null;
        ObjectNode meta = Json.object().put("method", ex.method()).put("url", t.redactedUrl()).put("scheme", t.scheme())
                .put("host", t.host()).put("port", t.port()).put("path", t.connect() ? null : t.path())
                .put("content_type", contentType).put("body_size", ex.bodySize()).put("body_sha256", ex.bodySha256())
                .put("client", ex.client()).put("via", "proxy");
        Duration window = null;
        if (streamed != null) {
            // Decided on its headers: the outcome will record what actually streamed (bytes, SHA-256).
            meta.put("body_size", streamed.chunked() ? null : streamed.declaredLength()).put("body_streamed", true)
                    .put("body_inspected", false).put("body_framing", streamed.chunked() ? "chunked" : "content-length");
            window = STREAMED_WINDOW;
        }
        long records = recordCount(m.recordCountPointer(), type, payload, meta);
        String idempotencyKey = h.get("Idempotency-Key");
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) idempotencyKey = null;
        return new Proposal(m.destination(), m.blocked() ? Policy.DENY_ID : m.policy(), payload, type, ex.bodySize(),
                records, null, List.of(), idempotencyKey, null, window, meta, ex.digest());
    }

    /** The count at the rule's pointer (array length or non-negative integer); 1 when absent or unreadable (noted in metadata). */
    static long recordCount(String pointer, String type, String payload, ObjectNode meta) {
        if (pointer == null) return 1;
        if (!"json".equals(type) || payload == null) {
            meta.put("record_count_unreadable", "body is not an inspected JSON document");
            return 1;
        }
        try {
            JsonNode at = Json.MAPPER.readTree(payload).at(pointer);
            if (at.isArray()) return at.size();
            if (at.isIntegralNumber() && at.asLong() >= 0) return at.asLong();
            meta.put("record_count_unreadable", "no array or integer at " + pointer);
        } catch (Exception e) {
            meta.put("record_count_unreadable", "body is not valid JSON");
        }
        return 1;
    }
}
