package dev.tollgate.proxy.exchange;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Headers that concern one connection only (RFC 9110 §7.6.1) and Tollgate's own request headers:
 * removed before a message crosses the proxy. {@code Connection} may name more of them.
 */
public final class HopByHop {
    private HopByHop() {}

    private static final List<CharSequence> ALWAYS = List.of(HttpHeaderNames.CONNECTION, AsciiString.cached("keep-alive"),
            AsciiString.cached("proxy-connection"), HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.PROXY_AUTHENTICATE);

    /**
     * Prepares a request's headers for the upstream: hop-by-hop, {@code Proxy-Authorization},
     * {@code Expect} (the proxy already has the body) and every {@code X-Gate-*} header removed;
     * {@code Upgrade} kept only for a WebSocket handshake, with {@code Connection: Upgrade}.
     */
    public static void stripRequest(HttpHeaders h, boolean websocket) {
        removeConnectionTokens(h);
        for (CharSequence name : ALWAYS) h.remove(name);
        h.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        h.remove(HttpHeaderNames.EXPECT);
        if (!websocket) h.remove(HttpHeaderNames.UPGRADE);
        else h.set(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
        List<String> gate = null;
        for (Map.Entry<String, String> e : h) {
            if (isGateHeader(e.getKey())) {
                if (gate == null) gate = new ArrayList<>(2);
                gate.add(e.getKey());
            }
        }
        if (gate != null) gate.forEach(h::remove);
    }

    /** Prepares an upstream response's headers for the client; the caller re-frames the body. */
    public static void stripResponse(HttpHeaders h, boolean switching) {
        removeConnectionTokens(h);
        for (CharSequence name : ALWAYS) h.remove(name);
        if (!switching) h.remove(HttpHeaderNames.UPGRADE);
        else h.set(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
    }

    public static boolean isGateHeader(String name) {
        return name.length() > 7 && name.regionMatches(true, 0, "x-gate-", 0, 7);
    }

    /** Whether a request asks for a WebSocket upgrade ({@code Upgrade: websocket}, {@code Connection: upgrade}). */
    public static boolean isWebSocketUpgrade(HttpHeaders h) {
        String upgrade = h.get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.trim().equalsIgnoreCase("websocket")
                && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE, true);
    }

    private static void removeConnectionTokens(HttpHeaders h) {
        for (String value : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty() && !t.equals("close") && !t.equals("keep-alive") && !t.equals("upgrade")) h.remove(t);
            }
        }
    }
}
