package dev.tollgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    private static InetAddress ip(String literal) {
        return IpLiterals.parse(literal).orElseThrow();
    }

    @Test void parsesIpv4Range() {
        Cidr c = Cidr.parse("10.0.0.0/8");
        assertEquals(8, c.prefixLength());
        assertEquals("10.0.0.0/8", c.toString());
        assertTrue(c.contains(ip("10.255.1.2")));
        assertFalse(c.contains(ip("11.0.0.1")));
        assertFalse(c.contains(ip("::1")));
    }

    @Test void parsesIpv6Range() {
        Cidr c = Cidr.parse("fd00::/8");
        assertEquals(8, c.prefixLength());
        assertTrue(c.contains(ip("fd12:3456::1")));
        assertFalse(c.contains(ip("fe80::1")));
        assertFalse(c.contains(ip("10.0.0.1")));
    }

    @Test void bareAddressIsARangeOfOne() {
        assertEquals(32, Cidr.parse("192.168.1.5").prefixLength());
        assertEquals(128, Cidr.parse("::1").prefixLength());
        assertTrue(Cidr.parse("192.168.1.5").contains(ip("192.168.1.5")));
        assertFalse(Cidr.parse("192.168.1.5").contains(ip("192.168.1.6")));
    }

    @Test void zeroPrefixMatchesEverythingOfItsFamily() {
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertTrue(Cidr.parse("::/0").contains(ip("2001:db8::1")));
    }

    @Test void ipv4MappedFormsAreTheSameAddress() {
        Cidr v4 = Cidr.parse("10.0.0.0/8");
        assertTrue(v4.contains(Cidr.parse("::ffff:10.0.0.1").network()), "mapped form parsed as IPv6");
        Cidr v6 = Cidr.parse("::ffff:10.0.0.0/104");
        assertEquals(16, v6.network().getAddress().length);
        assertTrue(v6.contains(ip("10.1.2.3")));
        assertFalse(v6.contains(ip("11.1.2.3")));
    }

    @Test void hostBitsSetIsRefusedNamingTheNetwork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.1/8"));
        assertEquals("host bits are set; the network is 10.0.0.0/8", e.getMessage());
    }

    @Test void prefixOutOfRangeNamesTheRange() {
        assertEquals("prefix length must be 0-32",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33")).getMessage());
        assertEquals("prefix length must be 0-128",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("fd00::/129")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/8", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08", "10.0.0/8",
            "10.0.0.256/32", "010.0.0.0/8", "example.com/8", "fd00::/x", "fe80::1%eth0/64", "[::1]/128",
            "10.0.0.0/8/8", "1.2.3.4 /32x"})
    void refusesMalformedRanges(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }
}
