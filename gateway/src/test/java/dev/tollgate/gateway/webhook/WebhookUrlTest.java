package dev.tollgate.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.proxy.address.AddressPolicy;
import dev.tollgate.proxy.address.Cidr;
import dev.tollgate.proxy.address.HostLookup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookUrlTest {

    @Test
    void parsesTheParts() {
        WebhookUrl u = WebhookUrl.parse("HTTPS://Hooks.Example.com/gate/cb?token=a%20b#frag");
        assertTrue(u.https());
        assertEquals("Hooks.Example.com", u.host());
        assertEquals(443, u.port());
        assertEquals("Hooks.Example.com", u.hostHeader());
        assertEquals("/gate/cb?token=a%20b", u.requestTarget());

        WebhookUrl v6 = WebhookUrl.parse("http://[::1]:8080");
        assertFalse(v6.https());
        assertEquals("::1", v6.host());
        assertEquals(8080, v6.port());
        assertEquals("[::1]:8080", v6.hostHeader());
        assertEquals("/", v6.requestTarget());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "ftp://example.com/x | scheme must be http or https, not ftp",
            "file:///etc/passwd | scheme must be http or https",
            "/relative/path | must be an absolute http:// or https:// URL",
            "mailto:a@example.com | must be an absolute http:// or https:// URL",
            "http://user:pw@example.com/ | must not contain credentials",
            "http:///path | has no host",
            "http://bad_host.example/ | not a valid host name",
            "http://example.com:0/ | port must be 1-65535",
            "http://exa mple.com/ | not a valid URL",
            "' ' | webhook url is required",
    })
    void refusesMalformedUrlsSayingWhy(String url, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebhookUrl.parse(url));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void refusesOverlongUrls() {
        String url = "https://example.com/" + "a".repeat(WebhookUrl.MAX_LENGTH);
        assertThrows(IllegalArgumentException.class, () -> WebhookUrl.parse(url));
    }

    @Test
    void validateUrlChecksEveryResolvedAddress() throws Exception {
        HostLookup lookup = HostLookup.pinned(Map.of(
                "public.test", List.of(InetAddress.getByName("93.184.216.34")),
                "mixed.test", List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7")),
                "metadata.test", List.of(InetAddress.getByName("169.254.169.254"))),
                host -> { throw new UnknownHostException(host); });
        AddressPolicy publicOnly = AddressPolicy.publicOnly();

        assertDoesNotThrow(() -> WebhookDispatcher.validateUrl("https://public.test/cb", publicOnly, lookup));

        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> WebhookDispatcher.validateUrl("https://mixed.test/cb", publicOnly, lookup));
        assertTrue(mixed.getMessage().contains("private_address_blocked") && mixed.getMessage().contains("10.0.0.7"),
                mixed.getMessage());

        IllegalArgumentException meta = assertThrows(IllegalArgumentException.class,
                () -> WebhookDispatcher.validateUrl("http://metadata.test/latest", publicOnly, lookup));
        assertTrue(meta.getMessage().contains("link local"), meta.getMessage());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> WebhookDispatcher.validateUrl("https://nowhere.test/", publicOnly, lookup));
        assertEquals("webhook url host nowhere.test does not resolve", unknown.getMessage());

        IllegalArgumentException literal = assertThrows(IllegalArgumentException.class,
                () -> WebhookDispatcher.validateUrl("http://127.0.0.1:9/", publicOnly, lookup));
        assertTrue(literal.getMessage().contains("loopback"), literal.getMessage());
    }

    @Test
    void validateUrlAcceptsAnAllowedPrivateRangeButNeverOwnListeners() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8")),
                Set.of(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 4000)));
        HostLookup noDns = host -> { throw new AssertionError("looked up " + host); };
        assertDoesNotThrow(() -> WebhookDispatcher.validateUrl("http://127.0.0.1:8080/cb", policy, noDns));
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
                () -> WebhookDispatcher.validateUrl("http://127.0.0.1:4000/v1/approve", policy, noDns));
        assertTrue(own.getMessage().contains("own_listener_blocked"), own.getMessage());
    }
}
