package dev.tollgate.proxy.inbound;

import dev.tollgate.engine.auth.KeyKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the agent key from {@code Proxy-Authorization: Basic base64(<agent id or name>:<agent key>)}.
 * The key decides; the user part is informational. A key sent as the user with an empty password
 * ({@code http://gate_sk_…@proxy}) is accepted too, as some clients can only do that.
 */
public final class Credentials {
    private Credentials() {}

    /** The agent key, or null when the header is absent, not Basic, undecodable or carries no agent key. */
    public static String agentKey(String header) {
        if (header == null) return null;
        String h = header.trim();
        if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        String key = password.isEmpty() ? user : password;
        return KeyKind.ofKey(key) == KeyKind.AGENT && key.length() <= 256 ? key : null;
    }
}
