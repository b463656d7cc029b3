package dev.tollgate.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Gate-Signature: t=<epoch ms>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}. The
 * timestamp is inside the signed text so a receiver can refuse replays of old deliveries.
 */
public final class WebhookSignature {
    private WebhookSignature() {}

    public static String header(String secret, long epochMillis, byte[] body) {
        return "t=" + epochMillis + ",v1=" + hmacHex(secret, epochMillis, body);
    }

    public static String hmacHex(String secret, long epochMillis, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochMillis + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
