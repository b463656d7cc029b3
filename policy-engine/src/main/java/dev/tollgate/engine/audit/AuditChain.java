package dev.tollgate.engine.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * The rule of the audit hash chain:
 * {@code hash = hex(HMAC-SHA256(audit.key, ascii(prev_hash) || RFC8785({seq, id, intent_id,
 * task_id, event_type, actor, metadata, created_at})))}, where {@code created_at} is an ISO-8601
 * UTC string with exactly three fraction digits ({@code 2025-01-02T03:04:05.678Z}) and absent
 * fields are JSON {@code null}. The first event links to {@link #GENESIS}.
 *
 * <p>Because the hash is keyed, someone who can edit the database but not read {@code audit.key}
 * cannot rewrite an event and recompute the chain after it. Thread-safe.
 */
public final class AuditChain {
    /** The prev_hash of the first event. */
    public static final String GENESIS = "0".repeat(64);
    /** Where a store keeps {@link AuditKey#fingerprint()}, to refuse a different key. */
    public static final String KEY_FINGERPRINT_META = "audit_key_fingerprint";

    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final AuditKey key;
    private final ThreadLocal<Mac> mac;

    public AuditChain(AuditKey key) {
        this.key = key;
        this.mac = ThreadLocal.withInitial(key::newMac);
    }

    public AuditKey key() { return key; }

    /** The hash of {@code event} (its own prevHash and hash are ignored) linked to {@code prevHash}. */
    public String hash(String prevHash, AuditEvent event) {
        return hash(prevHash, event, CanonicalJson.valueOrNull(event.metadata()));
    }

    /**
     * As {@link #hash(String, AuditEvent)}, with the event's metadata already in canonical form
     * ({@code "null"} when absent): the store writes that same text, so it is made only once.
     */
    public String hash(String prevHash, AuditEvent event, String canonicalMetadata) {
        Mac m = mac.get();
        m.update(prevHash.getBytes(StandardCharsets.US_ASCII));
        return HEX.formatHex(m.doFinal(canonical(event, canonicalMetadata)));
    }

    /** Whether {@code event}'s stored hash is the one its stored prev_hash and fields give. */
    public boolean verifies(AuditEvent event) {
        return event.prevHash() != null && event.hash() != null && hash(event.prevHash(), event).equals(event.hash());
    }

    /**
     * The times the chain covers are milliseconds: the store keeps epoch milliseconds, and a hash
     * over finer time could not be recomputed from the stored row.
     */
    public static Instant truncate(Instant at) { return at.truncatedTo(ChronoUnit.MILLIS); }

    /** The canonical JSON bytes the hash covers. */
    public static byte[] canonical(AuditEvent e) {
        return canonical(e, CanonicalJson.valueOrNull(e.metadata()));
    }

    /**
     * Written field by field in RFC 8785 key order (actor, created_at, event_type, id, intent_id,
     * metadata, seq, task_id): the same bytes as canonicalising the event as an object (a test
     * compares the two), without building that object for every event.
     */
    static byte[] canonical(AuditEvent e, String canonicalMetadata) {
        StringBuilder out = new StringBuilder(192 + canonicalMetadata.length());
        out.append("{\"actor\":");
        CanonicalJson.stringOrNull(e.actor(), out);
        out.append(",\"created_at\":\"").append(TIME.format(truncate(e.createdAt()))).append('"');
        out.append(",\"event_type\":");
        CanonicalJson.stringOrNull(e.eventType(), out);
        out.append(",\"id\":");
        CanonicalJson.stringOrNull(e.id(), out);
        out.append(",\"intent_id\":");
        CanonicalJson.stringOrNull(e.intentId(), out);
        out.append(",\"metadata\":").append(canonicalMetadata);
        out.append(",\"seq\":").append(e.seq());
        out.append(",\"task_id\":");
        CanonicalJson.stringOrNull(e.taskId(), out);
        out.append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The former construction, kept for the test that proves {@link #canonical} gives its bytes. */
    static byte[] canonicalViaTree(AuditEvent e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("seq", e.seq());
        o.put("id", e.id());
        o.put("intent_id", e.intentId());
        o.put("task_id", e.taskId());
        o.put("event_type", e.eventType());
        o.put("actor", e.actor());
        if (e.metadata() == null || e.metadata().isMissingNode()) o.putNull("metadata");
        else o.set("metadata", e.metadata());
        o.put("created_at", TIME.format(truncate(e.createdAt())));
        return CanonicalJson.utf8(o);
    }
}
