package dev.tollgate.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.webhook.WebhookDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookMessageTest {
    private static final WebhookDelivery D = new WebhookDelivery("dlv_00000000000000b1", "whk_00000000000000b1",
            "int_00000000000000b1", "execution_succeeded", "agt_00000000000000b1",
            Instant.parse("2026-03-08T11:30:00.123456Z"), 2, null, "pending", null);

    @Test
    void bodyIsTheZehravaShapeWithMillisecondTimestamps() {
        WebhookMessage m = WebhookMessage.build(D, "k3y", 3, 1_700_000_000_000L, true);
        assertEquals("{\"intentId\":\"int_00000000000000b1\",\"event\":\"execution_succeeded\","
                + "\"actor\":\"agt_00000000000000b1\",\"firedAt\":\"2026-03-08T11:30:00.123Z\","
                + "\"deliveryId\":\"dlv_00000000000000b1\",\"attempt\":3}", new String(m.body(), StandardCharsets.UTF_8));
    }

    @Test
    void signatureIsHmacSha256OverTimestampDotRawBody() {
        // Known answer from Python: hmac.new(b'key', b'1700000000000.{"a":1}', hashlib.sha256).hexdigest()
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertEquals("t=1700000000000,v1=2c8bc12f88d77789404ce0a63cf69acf735ba98832f7a7d36147f537be556f3e",
                WebhookSignature.header("key", 1_700_000_000_000L, body));
    }

    @Test
    void secretHeaderIsOptionalAndNoSecretMeansNoSignature() {
        assertTrue(WebhookMessage.build(D, "k3y", 1, 1L, true).headers().containsKey("X-Gate-Secret"));
        assertFalse(WebhookMessage.build(D, "k3y", 1, 1L, false).headers().containsKey("X-Gate-Secret"));
        WebhookMessage none = WebhookMessage.build(D, null, 1, 1L, true);
        assertFalse(none.headers().containsKey("X-Gate-Signature"));
        assertFalse(none.headers().containsKey("X-Gate-Secret"));
    }

    @Test
    void aSecretThatWouldInjectHeadersIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebhookMessage.build(D, "abc\r\nX-Evil: 1", 1, 1L, true));
        assertFalse(e.getMessage().contains("abc"), "message must not echo the secret");
    }
}
