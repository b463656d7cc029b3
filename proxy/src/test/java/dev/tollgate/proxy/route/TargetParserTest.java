package dev.tollgate.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TargetParserTest {
    @Test void absoluteFormIsNormalisedForTheDigest() throws Exception {
        Target t = TargetParser.absolute("HTTP://API.Example.COM:80/a/b?x=1&y=2#frag");
        assertEquals("http", t.scheme());
        assertEquals("api.example.com", t.host());
        assertEquals(80, t.port());
        assertEquals("/a/b", t.path());
        assertEquals("x=1&y=2", t.query());
        assertEquals("http://api.example.com/a/b?x=1&y=2", t.absoluteUrl());
        assertEquals("http://api.example.com/a/b?x=&y=", t.redactedUrl());
        assertEquals("api.example.com", t.authority());
        assertEquals("/a/b?x=1&y=2", t.originForm());
        assertEquals("http://h:8080/", TargetParser.absolute("http://h:8080").absoluteUrl());
        assertEquals("https://h/", TargetParser.absolute("https://h:443/").absoluteUrl());
        Target v6 = TargetParser.absolute("http://[::1]:81/x");
        assertEquals("::1", v6.host());
        assertEquals("[::1]:81", v6.authority());
    }

    @Test void badTargetsAreRefused() {
        assertEquals("not_a_proxy_request", assertThrows(BadTarget.class, () -> TargetParser.absolute("/origin")).code());
        assertEquals(400, assertThrows(BadTarget.class, () -> TargetParser.absolute("ftp://h/")).status());
        assertThrows(BadTarget.class, () -> TargetParser.absolute("http://user:pw@h/"));
        assertThrows(BadTarget.class, () -> TargetParser.absolute("http://h:99999/"));
        assertThrows(BadTarget.class, () -> TargetParser.absolute("http://h:1:2/"));
        assertThrows(BadTarget.class, () -> TargetParser.absolute("http://bad host/"));
        assertThrows(BadTarget.class, () -> TargetParser.absolute("http://[zz]/"));
        assertThrows(BadTarget.class, () -> TargetParser.connect("host-without-port"));
    }

    @Test void connectTargets() throws Exception {
        Target t = TargetParser.connect("Secure.Example:8443");
        assertTrue(t.connect());
        assertEquals("secure.example:8443", t.absoluteUrl());
        assertEquals("secure.example", t.host());
        assertEquals(8443, t.port());
    }

    @Test void insideATunnelTheHostMustBeTheConnectHost() throws Exception {
        Target t = TargetParser.inTunnel("/p?q=1", "secure.example", "secure.example", 443);
        assertEquals("https://secure.example/p?q=1", t.absoluteUrl());
        assertEquals("https://secure.example:8443/p", TargetParser.inTunnel("/p", "SECURE.example:8443", "secure.example", 8443).absoluteUrl());
        assertEquals(421, assertThrows(BadTarget.class, () -> TargetParser.inTunnel("/p", "evil.example", "secure.example", 443)).status());
        assertEquals(421, assertThrows(BadTarget.class, () -> TargetParser.inTunnel("/p", "secure.example:444", "secure.example", 443)).status());
        assertEquals(421, assertThrows(BadTarget.class,
                () -> TargetParser.inTunnel("https://evil.example/p", "secure.example", "secure.example", 443)).status());
        assertEquals(400, assertThrows(BadTarget.class, () -> TargetParser.inTunnel("/p", null, "secure.example", 443)).status());
    }

    @Test void hostPatterns() {
        HostPatterns p = new HostPatterns(java.util.List.of("exact.example", "*.wild.example"));
        assertTrue(p.matches("EXACT.example."));
        assertTrue(p.matches("a.b.wild.example"));
        assertFalse(p.matches("wild.example"));
        assertFalse(p.matches("notexact.example"));
    }
}
