package dev.tollgate.proxy.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassifierTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // IPv4 special-purpose ranges and their edges
            "0.0.0.0, UNSPECIFIED",
            "0.1.2.3, UNSPECIFIED",
            "10.0.0.1, PRIVATE",
            "10.255.255.255, PRIVATE",
            "100.63.255.255, PUBLIC",
            "100.64.0.1, CGNAT",
            "100.127.255.254, CGNAT",
            "100.128.0.0, PUBLIC",
            "127.0.0.1, LOOPBACK",
            "127.255.255.254, LOOPBACK",
            "169.254.169.254, LINK_LOCAL",
            "172.15.255.255, PUBLIC",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "172.32.0.0, PUBLIC",
            "192.168.1.1, PRIVATE",
            "192.0.0.8, RESERVED",
            "192.0.2.1, RESERVED",
            "192.88.99.1, RESERVED",
            "198.18.0.1, RESERVED",
            "198.19.255.255, RESERVED",
            "198.20.0.0, PUBLIC",
            "198.51.100.7, RESERVED",
            "203.0.113.9, RESERVED",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "240.0.0.1, RESERVED",
            "255.255.255.254, RESERVED",
            "255.255.255.255, BROADCAST",
            "8.8.8.8, PUBLIC",
            "1.1.1.1, PUBLIC",
            "93.184.216.34, PUBLIC",
            // IPv6 ranges
            "::, UNSPECIFIED",
            "::1, LOOPBACK",
            "fe80::1, LINK_LOCAL",
            "febf:ffff::1, LINK_LOCAL",
            "fec0::1, PRIVATE",
            "fc00::1, UNIQUE_LOCAL",
            "fd12:3456::1, UNIQUE_LOCAL",
            "ff02::1, MULTICAST",
            "ff05::1:3, MULTICAST",
            "2001:db8::1, RESERVED",
            "3fff::1, RESERVED",
            "2001:2::1, RESERVED",
            "2001:20::1, RESERVED",
            "100::1, RESERVED",
            "64:ff9b:1::a00:1, RESERVED",
            "0:0:0:1::1, RESERVED",
            "4000::1, RESERVED",
            "2606:4700::1, PUBLIC",
            "2001:4860:4860::8888, PUBLIC",
            "2a00:1450:4001::1, PUBLIC",
            // IPv4-mapped ::ffff:a.b.c.d
            "::ffff:127.0.0.1, LOOPBACK",
            "::ffff:10.1.2.3, PRIVATE",
            "::ffff:169.254.169.254, LINK_LOCAL",
            "::ffff:100.64.0.1, CGNAT",
            "::ffff:224.0.0.1, MULTICAST",
            "::ffff:255.255.255.255, BROADCAST",
            "::ffff:198.18.0.1, RESERVED",
            "::ffff:8.8.8.8, PUBLIC",
            // IPv4-compatible ::a.b.c.d and SIIT-translated ::ffff:0:a.b.c.d
            "::127.0.0.1, LOOPBACK",
            "::10.0.0.1, PRIVATE",
            "::8.8.8.8, PUBLIC",
            "::ffff:0:192.168.0.1, PRIVATE",
            // NAT64 64:ff9b::/96
            "64:ff9b::127.0.0.1, LOOPBACK",
            "64:ff9b::a9fe:a9fe, LINK_LOCAL",
            "64:ff9b::100.64.0.1, CGNAT",
            "64:ff9b::0.0.0.0, UNSPECIFIED",
            "64:ff9b::8.8.8.8, PUBLIC",
            // 6to4 2002:AABB:CCDD::/48
            "2002:7f00:1::1, LOOPBACK",
            "2002:c0a8:101::1, PRIVATE",
            "2002:a9fe:a9fe::1, LINK_LOCAL",
            "2002:808:808::1, PUBLIC",
            // Teredo 2001:0:SERVER:flags:port:~CLIENT
            "2001:0:4136:e378:8000:63bf:80ff:fffe, LOOPBACK",
            "2001:0:4136:e378:8000:63bf:f5ff:fffe, PRIVATE",
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7, PUBLIC",
            "2001:0:a00:1:8000:63bf:f7f7:f7f7, PRIVATE",
    })
    void classifies(String text, Classification expected) {
        assertEquals(expected, AddressClassifier.classify(address(text)));
    }

    /** Resolvers hand back the JDK's Inet4Address for mapped addresses; both forms must agree. */
    @Test
    void mappedAddressIsClassifiedAlikeInBothJavaForms() throws Exception {
        InetAddress jdkForm = InetAddress.getByName("::ffff:127.0.0.1");
        assertInstanceOf(Inet4Address.class, jdkForm);
        InetAddress v6Form = address("::ffff:127.0.0.1");
        assertInstanceOf(Inet6Address.class, v6Form);
        assertEquals(Classification.LOOPBACK, AddressClassifier.classify(jdkForm));
        assertEquals(Classification.LOOPBACK, AddressClassifier.classify(v6Form));
    }

    @ParameterizedTest(name = "{0} carries {1}")
    @CsvSource({
            "::ffff:10.1.2.3, 10.1.2.3",
            "::10.0.0.1, 10.0.0.1",
            "64:ff9b::a9fe:a9fe, 169.254.169.254",
            "2002:c0a8:101::1, 192.168.1.1",
            "2001:0:4136:e378:8000:63bf:f5ff:fffe, 10.0.0.1",
    })
    void extractsTheEmbeddedIpv4Address(String v6, String v4) throws Exception {
        assertEquals(InetAddress.getByName(v4), AddressClassifier.embeddedIpv4(address(v6)).orElseThrow());
    }

    @Test
    void plainAddressesCarryNoIpv4Address() {
        assertTrue(AddressClassifier.embeddedIpv4(address("::1")).isEmpty());
        assertTrue(AddressClassifier.embeddedIpv4(address("::")).isEmpty());
        assertTrue(AddressClassifier.embeddedIpv4(address("2606:4700::1")).isEmpty());
        assertTrue(AddressClassifier.embeddedIpv4(address("8.8.8.8")).isEmpty());
    }

    /** IPv6 text stays an Inet6Address even when the JDK would turn a mapped address into IPv4. */
    static InetAddress address(String text) {
        InetAddress a = IpLiteral.parse(text).orElseThrow(() -> new AssertionError("not a literal: " + text));
        if (text.indexOf(':') >= 0 && a instanceof Inet4Address) return IpLiteral.v6(IpLiteral.mapped(a.getAddress()));
        return a;
    }
}
