package dev.tollgate.proxy.address;

import static dev.tollgate.proxy.address.AddressClassifierTest.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    private static final Set<InetSocketAddress> LISTENERS = Set.of(
            new InetSocketAddress(address("127.0.0.1"), 4000), new InetSocketAddress(address("127.0.0.1"), 4001));

    @Test
    void publicAddressesAreAllowedAndOthersRefused() {
        AddressPolicy p = AddressPolicy.publicOnly();
        Verdict ok = p.check(address("8.8.8.8"), 443);
        assertTrue(ok.allowed());
        assertNull(ok.reasonCode());

        Verdict metadata = p.check(address("169.254.169.254"), 80);
        assertFalse(metadata.allowed());
        assertEquals("private_address_blocked", metadata.reasonCode());
        assertEquals(Classification.LINK_LOCAL, metadata.classification());
        assertTrue(metadata.message().contains("169.254.169.254 is a link local address"), metadata.message());

        assertFalse(p.check(address("10.0.0.1"), 80).allowed());
        assertFalse(p.check(address("::1"), 80).allowed());
        assertFalse(p.check(address("64:ff9b::a9fe:a9fe"), 80).allowed());
        assertFalse(p.check(address("::ffff:192.168.0.1"), 80).allowed());
    }

    @Test
    void privateAddressInsideAnAllowedRangeIsAllowed() {
        AddressPolicy p = new AddressPolicy(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")), Set.of());
        assertTrue(p.check(address("10.1.2.3"), 80).allowed());
        assertTrue(p.check(address("fd00::5"), 80).allowed());
        assertTrue(p.check(address("::ffff:10.1.2.3"), 80).allowed());
        // The NAT64 form of an allowed IPv4 address reaches the same host.
        assertTrue(p.check(address("64:ff9b::a00:1"), 80).allowed());

        Verdict other = p.check(address("192.168.0.1"), 80);
        assertFalse(other.allowed());
        assertEquals(AddressPolicy.PRIVATE_ADDRESS_BLOCKED, other.reasonCode());
        assertFalse(p.check(address("127.0.0.1"), 80).allowed());
    }

    @Test
    void ownListenerIsRefusedEvenWhenItsRangeIsAllowed() {
        AddressPolicy p = new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"),
                Cidr.parse("0.0.0.0/8")), LISTENERS, Set::of);
        assertTrue(p.check(address("127.0.0.1"), 8080).allowed(), "allowed range, not a listener port");

        Verdict loop = p.check(address("127.0.0.1"), 4000);
        assertFalse(loop.allowed());
        assertEquals("own_listener_blocked", loop.reasonCode());
        assertTrue(loop.message().contains("127.0.0.1:4000 is one of Tollgate's own listeners"), loop.message());

        // Other spellings of "this host" on a listener port.
        for (String other : List.of("127.0.0.2", "0.0.0.0", "::1", "::ffff:127.0.0.1", "64:ff9b::7f00:1")) {
            Verdict v = p.check(address(other), 4001);
            assertEquals(AddressPolicy.OWN_LISTENER_BLOCKED, v.reasonCode(), other);
        }
    }

    @Test
    void localInterfaceAddressOnAListenerPortIsRefused() {
        InetAddress lan = address("10.9.9.9");
        AddressPolicy p = new AddressPolicy(List.of(Cidr.parse("10.0.0.0/8")),
                Set.of(new InetSocketAddress(address("0.0.0.0"), 4000)), () -> Set.of(lan));
        assertEquals(AddressPolicy.OWN_LISTENER_BLOCKED, p.check(lan, 4000).reasonCode());
        assertTrue(p.check(address("10.9.9.8"), 4000).allowed(), "another host on the LAN");
        assertTrue(p.check(lan, 4002).allowed(), "another port on this host");
    }

    @Test
    void exactBindAddressIsRefusedWithoutConsultingInterfaces() {
        AddressPolicy p = new AddressPolicy(List.of(Cidr.parse("10.0.0.0/8")),
                Set.of(new InetSocketAddress(address("10.9.9.9"), 4000)), Set::of);
        assertEquals(AddressPolicy.OWN_LISTENER_BLOCKED, p.check(address("10.9.9.9"), 4000).reasonCode());
        assertTrue(p.check(address("10.9.9.10"), 4000).allowed());
    }

    @Test
    void unknownInterfacesFailClosedOnListenerPortsOnly() {
        AddressPolicy p = new AddressPolicy(List.of(), LISTENERS, () -> null);
        assertEquals(AddressPolicy.OWN_LISTENER_BLOCKED, p.check(address("8.8.8.8"), 4000).reasonCode());
        assertTrue(p.check(address("8.8.8.8"), 443).allowed());
    }

    @Test
    void publicAddressOnAListenerPortIsNotAnOwnListener() {
        AddressPolicy p = new AddressPolicy(List.of(), LISTENERS, () -> Set.of(address("10.9.9.9")));
        assertTrue(p.check(address("8.8.8.8"), 4000).allowed());
    }
}
