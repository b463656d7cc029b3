package dev.tollgate.proxy.address;

import static dev.tollgate.proxy.address.AddressClassifierTest.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8, 10.0.0.0, true",
            "10.0.0.0/8, 10.255.255.255, true",
            "10.0.0.0/8, 11.0.0.0, false",
            "10.0.0.0/8, 9.255.255.255, false",
            "172.16.0.0/12, 172.31.0.1, true",
            "172.16.0.0/12, 172.32.0.1, false",
            "127.0.0.0/8, 127.0.0.1, true",
            "127.0.0.0/8, ::ffff:127.0.0.1, true",
            "127.0.0.0/8, ::1, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "192.168.1.7, 192.168.1.7, true",
            "192.168.1.7, 192.168.1.8, false",
            "fd00::/8, fd12::1, true",
            "fd00::/8, fe00::1, false",
            "fd00::/8, 10.0.0.1, false",
            "fe80::/10, febf::1, true",
            "fe80::/10, fec0::1, false",
            "::1/128, ::1, true",
            "::ffff:10.0.0.0/104, 10.1.2.3, true",
            "::ffff:10.0.0.0/104, 11.1.2.3, false",
    })
    void contains(String cidr, String address, boolean expected) {
        assertEquals(expected, Cidr.parse(cidr).contains(address(address)));
    }

    @Test
    void parsesAndPrints() {
        Cidr c = Cidr.parse(" 192.168.0.0/16 ");
        assertEquals(16, c.prefixLength());
        assertEquals("192.168.0.0/16", c.toString());
        assertEquals(32, Cidr.parse("10.1.2.3").prefixLength());
        assertEquals(128, Cidr.parse("fd00::1").prefixLength());
        assertEquals("fd00:0:0:0:0:0:0:0/8", Cidr.parse("fd00::/8").toString());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33 | prefix length must be 0-32",
            "fd00::/129 | prefix length must be 0-128",
            "10.0.0.0/ | prefix length must be a number",
            "10.0.0.0/-1 | prefix length must be a number",
            "10.0.0.0/08 | prefix length must be a number",
            "10.0.0.0/8x | prefix length must be a number",
            "10.0.0.1/8 | the network is 10.0.0.0/8",
            "fd00::1/8 | host bits are set",
            "10.0.0/8 | is not an IPv4 or IPv6 address",
            "010.0.0.0/8 | is not an IPv4 or IPv6 address",
            "256.0.0.0/8 | is not an IPv4 or IPv6 address",
            "example.com/8 | is not an IPv4 or IPv6 address",
            "fe80::1%eth0/64 | is not an IPv4 or IPv6 address",
            "fd00:::1/8 | is not an IPv4 or IPv6 address",
    })
    void refusesBadInputSayingWhy(String text, String expectedMessagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    @Test
    void refusesEmptyInput() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(null));
    }
}
