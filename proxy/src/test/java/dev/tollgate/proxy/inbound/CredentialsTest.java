package dev.tollgate.proxy.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    private static final String KEY = "gate_sk_" + "a".repeat(48);

    private static String basic(String s) {
        return "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test void theKeyDecides() {
        assertEquals(KEY, Credentials.agentKey(basic("my-agent:" + KEY)));
        assertEquals(KEY, Credentials.agentKey(basic("agt_0123456789abcdef:" + KEY)));
        assertEquals(KEY, Credentials.agentKey("basic   " + Base64.getEncoder().encodeToString((KEY + ":").getBytes())));
        assertEquals(KEY, Credentials.agentKey(basic(KEY)));
    }

    @Test void anythingElseIsNoKey() {
        assertNull(Credentials.agentKey(null));
        assertNull(Credentials.agentKey("Bearer " + KEY));
        assertNull(Credentials.agentKey("Basic !!!notbase64"));
        assertNull(Credentials.agentKey(basic("agent:gate_admin_" + "0".repeat(48))), "only agent keys");
        assertNull(Credentials.agentKey(basic("agent:gate_rk_" + "0".repeat(48))));
        assertNull(Credentials.agentKey(basic("agent:password")));
    }
}
