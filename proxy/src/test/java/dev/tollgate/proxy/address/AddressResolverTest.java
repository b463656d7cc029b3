package dev.tollgate.proxy.address;

import static dev.tollgate.proxy.address.AddressClassifierTest.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressResolverTest {
    private final List<String> looked = new ArrayList<>();

    private HostLookup answering(Map<String, List<InetAddress>> answers) {
        return host -> {
            looked.add(host);
            List<InetAddress> a = answers.get(host);
            if (a == null) throw new UnknownHostException(host);
            return a;
        };
    }

    @Test
    void oneRefusedAddressRefusesTheHost() throws Exception {
        AddressResolver r = new AddressResolver(answering(Map.of(
                "mixed.example", List.of(address("8.8.8.8"), address("10.0.0.1")),
                "public.example", List.of(address("8.8.8.8"), address("2606:4700::1")))));
        Resolution mixed = r.resolve("mixed.example", 443, AddressPolicy.publicOnly());
        assertFalse(mixed.allowed());
        assertEquals(address("10.0.0.1"), mixed.refusal().orElseThrow().address());
        assertEquals(AddressPolicy.PRIVATE_ADDRESS_BLOCKED, mixed.refusal().orElseThrow().reasonCode());

        Resolution ok = r.resolve("public.example", 443, AddressPolicy.publicOnly());
        assertTrue(ok.allowed());
        assertTrue(ok.refusal().isEmpty());
        assertEquals(List.of(address("8.8.8.8"), address("2606:4700::1")), ok.addresses());
    }

    @Test
    void ipLiteralsAreNeverLookedUp() throws Exception {
        AddressResolver r = new AddressResolver(answering(Map.of()));
        assertEquals(List.of(address("10.0.0.1")), r.resolveAll("10.0.0.1"));
        assertEquals(List.of(address("::1")), r.resolveAll("[::1]"));
        assertEquals(List.of(address("fd00::1")), r.resolveAll("fd00::1"));
        assertTrue(looked.isEmpty(), "looked up: " + looked);
        assertFalse(r.resolve("127.0.0.1", 80, AddressPolicy.publicOnly()).allowed());
    }

    @Test
    void namesWithoutAddressesAreUnknown() {
        AddressResolver r = new AddressResolver(answering(Map.of("empty.example", List.of())));
        assertThrows(UnknownHostException.class, () -> r.resolveAll("empty.example"));
        assertThrows(UnknownHostException.class, () -> r.resolveAll("missing.example"));
        assertThrows(UnknownHostException.class, () -> r.resolveAll(""));
        assertThrows(UnknownHostException.class, () -> r.resolveAll("[not-an-ip]"));
    }

    @Test
    void pinnedNamesSkipTheFallbackAndAreStillChecked() throws Exception {
        HostLookup pinned = HostLookup.pinned(Map.of("Internal.Example.", List.of(address("10.0.0.5"))),
                answering(Map.of("public.example", List.of(address("1.1.1.1")))));
        AddressResolver r = new AddressResolver(pinned);
        Resolution internal = r.resolve("internal.example", 80, AddressPolicy.publicOnly());
        assertEquals(List.of(address("10.0.0.5")), internal.addresses());
        assertFalse(internal.allowed());
        assertTrue(looked.isEmpty());
        assertTrue(r.resolve("public.example", 80, AddressPolicy.publicOnly()).allowed());
        assertEquals(List.of("public.example"), looked);
    }
}
