package dev.tollgate.engine.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.util.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    static AuditChain chain(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return new AuditChain(AuditKey.of(key));
    }

    static final Instant AT = Instant.parse("2025-01-02T03:04:05.678Z");

    static AuditEvent event(String metadataJson) throws Exception {
        return new AuditEvent(7, "evt_0123456789abcdef", "int_0123456789abcdef", null, "approved", "rev_1",
                Json.MAPPER.readTree(metadataJson), AT, null, null);
    }

    @Test void theHashIsTheHmacOfPrevHashAndTheCanonicalEvent() throws Exception {
        AuditEvent e = event("{\"b\": 2, \"a\": 1.50}");
        String expectedJson = "{\"actor\":\"rev_1\",\"created_at\":\"2025-01-02T03:04:05.678Z\","
                + "\"event_type\":\"approved\",\"id\":\"evt_0123456789abcdef\",\"intent_id\":\"int_0123456789abcdef\","
                + "\"metadata\":{\"a\":1.5,\"b\":2},\"seq\":7,\"task_id\":null}";
        assertEquals(expectedJson, new String(AuditChain.canonical(e), StandardCharsets.UTF_8));

        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 1);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(AuditChain.GENESIS.getBytes(StandardCharsets.US_ASCII));
        String expected = HexFormat.of().formatHex(mac.doFinal(expectedJson.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, chain(1).hash(AuditChain.GENESIS, e));
    }

    /**
     * The hash input is written field by field; it must be byte for byte what canonicalising the
     * event as an object gives, for every shape of field, or stored chains would stop verifying.
     */
    @Test void theFieldByFieldFormIsTheCanonicalObject() throws Exception {
        String[] metadata = {"{\"b\": 2, \"a\": 1.50, \"n\": null, \"é\": [1, \"x\\u0001\"]}", "[]", "{}", "\"text\"",
                "12345678901", "1e-7", "true", "null"};
        String[] texts = {null, "", "rev_1", "quote\" back\\ tab\t ctl\u0002 émoji \uD83D\uDE00"};
        for (String m : metadata) {
            for (String t : texts) {
                AuditEvent e = new AuditEvent(9_007_199_254_740_000L, t, t, t == null ? "tsk_1" : null, "approved", t,
                        Json.MAPPER.readTree(m), AT, null, null);
                assertEquals(new String(AuditChain.canonicalViaTree(e), StandardCharsets.UTF_8),
                        new String(AuditChain.canonical(e), StandardCharsets.UTF_8), m + " / " + t);
            }
        }
        AuditEvent none = new AuditEvent(1, "evt_1", null, null, "x", null, null, AT, null, null);
        assertEquals(new String(AuditChain.canonicalViaTree(none), StandardCharsets.UTF_8),
                new String(AuditChain.canonical(none), StandardCharsets.UTF_8));
    }

    @Test void keyOrderAndNumberSpellingDoNotChangeTheHash() throws Exception {
        AuditChain c = chain(1);
        assertEquals(c.hash(AuditChain.GENESIS, event("{\"a\": 1.0, \"b\": [1e2]}")),
                c.hash(AuditChain.GENESIS, event("{\"b\": [100], \"a\": 1}")));
    }

    @Test void everyCoveredFieldAndTheKeyAndTheLinkChangeTheHash() throws Exception {
        AuditChain c = chain(1);
        AuditEvent e = event("{\"a\": 1}");
        String h = c.hash(AuditChain.GENESIS, e);
        assertNotEquals(h, c.hash("1".repeat(64), e));
        assertNotEquals(h, chain(2).hash(AuditChain.GENESIS, e));
        assertNotEquals(h, c.hash(AuditChain.GENESIS, event("{\"a\": 2}")));
        assertNotEquals(h, c.hash(AuditChain.GENESIS, new AuditEvent(8, e.id(), e.intentId(), e.taskId(),
                e.eventType(), e.actor(), e.metadata(), e.createdAt(), null, null)));
        assertNotEquals(h, c.hash(AuditChain.GENESIS, new AuditEvent(e.seq(), e.id(), e.intentId(), e.taskId(),
                e.eventType(), "someone else", e.metadata(), e.createdAt(), null, null)));
        assertNotEquals(h, c.hash(AuditChain.GENESIS, new AuditEvent(e.seq(), e.id(), e.intentId(), e.taskId(),
                e.eventType(), e.actor(), e.metadata(), AT.plusMillis(1), null, null)));
    }

    @Test void nullAndAbsentMetadataHashAlike() throws Exception {
        AuditChain c = chain(1);
        AuditEvent withNull = new AuditEvent(1, "evt_1", null, "tsk_1", "x", null, null, AT, null, null);
        AuditEvent withNullNode = new AuditEvent(1, "evt_1", null, "tsk_1", "x", null,
                Json.MAPPER.readTree("null"), AT, null, null);
        assertEquals(c.hash(AuditChain.GENESIS, withNull), c.hash(AuditChain.GENESIS, withNullNode));
    }

    @Test void verifiesChecksTheStoredHash() throws Exception {
        AuditChain c = chain(1);
        AuditEvent e = event("{}");
        String h = c.hash(AuditChain.GENESIS, e);
        AuditEvent signed = new AuditEvent(e.seq(), e.id(), e.intentId(), e.taskId(), e.eventType(), e.actor(),
                e.metadata(), e.createdAt(), AuditChain.GENESIS, h);
        assertTrue(c.verifies(signed));
        assertFalse(chain(2).verifies(signed));
    }

    @Test void canonicalJsonSortsKeysByUtf16() throws Exception {
        assertEquals("{\"a\":[true,null,\"\\n\"],\"z\":3,\"€\":1}",
                CanonicalJson.string(Json.MAPPER.readTree("{\"€\": 1, \"z\": 3, \"a\": [true, null, \"\\n\"]}")));
    }
}
