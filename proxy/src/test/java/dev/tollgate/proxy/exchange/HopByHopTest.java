package dev.tollgate.proxy.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HopByHopTest {
    private static HttpHeaders request() {
        return new DefaultHttpHeaders().add("Connection", "keep-alive, X-Private").add("X-Private", "1")
                .add("Keep-Alive", "timeout=5").add("Proxy-Connection", "keep-alive").add("Proxy-Authorization", "Basic x")
                .add("TE", "trailers").add("Trailer", "X-T").add("Transfer-Encoding", "chunked").add("Upgrade", "h2c")
                .add("Expect", "100-continue").add("X-Gate-Intent-Id", "int_1").add("x-gate-wait", "true")
                .add("Accept", "*/*").add("X-Gateway", "kept");
    }

    @Test void requestHeadersThatConcernOneHopOrTollgateAreRemoved() {
        HttpHeaders h = request();
        HopByHop.stripRequest(h, false);
        assertEquals(2, h.size(), h.toString());
        assertEquals("*/*", h.get("Accept"));
        assertEquals("kept", h.get("X-Gateway"), "only the X-Gate- prefix is Tollgate's");
    }

    @Test void aWebSocketHandshakeKeepsItsUpgrade() {
        HttpHeaders h = new DefaultHttpHeaders().add("Connection", "Upgrade").add("Upgrade", "websocket")
                .add("Sec-WebSocket-Key", "k");
        assertTrue(HopByHop.isWebSocketUpgrade(h));
        HopByHop.stripRequest(h, true);
        assertEquals("websocket", h.get("Upgrade"));
        assertEquals("upgrade", h.get("Connection").toLowerCase());
        assertEquals("k", h.get("Sec-WebSocket-Key"));
        assertFalse(HopByHop.isWebSocketUpgrade(new DefaultHttpHeaders().add("Upgrade", "h2c").add("Connection", "Upgrade")));
    }

    @Test void responseHeaders() {
        HttpHeaders h = new DefaultHttpHeaders().add("Connection", "close, X-Hop").add("X-Hop", "1").add("Keep-Alive", "5")
                .add("Transfer-Encoding", "chunked").add("Proxy-Authenticate", "Basic").add("Content-Type", "text/plain");
        HopByHop.stripResponse(h, false);
        assertEquals(1, h.size(), h.toString());
    }
}
