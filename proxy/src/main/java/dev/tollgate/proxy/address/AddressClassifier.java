package dev.tollgate.proxy.address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Classifies an address by the special-purpose registries (RFC 6890 and successors), in the
 * manner of Stripe's Smokescreen. Pure: no lookups, no configuration; policy lives in
 * {@link AddressPolicy}.
 *
 * <p>IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, SIIT-translated,
 * NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo 2001::/32) are classified by the IPv4 address they
 * carry, because that is where a stack, a translator or a relay may deliver the packets:
 * {@code 64:ff9b::a9fe:a9fe} is the metadata service, not a public host.
 */
public final class AddressClassifier {
    private AddressClassifier() {}

    private record Range(Cidr cidr, Classification classification) {
        static Range of(String cidr, Classification c) { return new Range(Cidr.parse(cidr), c); }
    }

    // First match wins; the broadcast /32 precedes 240/4, which contains it.
    private static final List<Range> V4 = List.of(
            Range.of("0.0.0.0/8", Classification.UNSPECIFIED),
            Range.of("10.0.0.0/8", Classification.PRIVATE),
            Range.of("100.64.0.0/10", Classification.CGNAT),
            Range.of("127.0.0.0/8", Classification.LOOPBACK),
            Range.of("169.254.0.0/16", Classification.LINK_LOCAL),
            Range.of("172.16.0.0/12", Classification.PRIVATE),
            Range.of("192.0.0.0/24", Classification.RESERVED),      // IETF protocol assignments
            Range.of("192.0.2.0/24", Classification.RESERVED),      // TEST-NET-1 (documentation)
            Range.of("192.88.99.0/24", Classification.RESERVED),    // 6to4 relay anycast, deprecated (RFC 7526)
            Range.of("192.168.0.0/16", Classification.PRIVATE),
            Range.of("198.18.0.0/15", Classification.RESERVED),     // benchmarking (RFC 2544)
            Range.of("198.51.100.0/24", Classification.RESERVED),   // TEST-NET-2
            Range.of("203.0.113.0/24", Classification.RESERVED),    // TEST-NET-3
            Range.of("224.0.0.0/4", Classification.MULTICAST),
            Range.of("255.255.255.255/32", Classification.BROADCAST),
            Range.of("240.0.0.0/4", Classification.RESERVED));

    // Checked after the forms that embed IPv4 (see classify6); first match wins.
    private static final List<Range> V6 = List.of(
            Range.of("::/128", Classification.UNSPECIFIED),
            Range.of("::1/128", Classification.LOOPBACK),
            Range.of("64:ff9b:1::/48", Classification.RESERVED),    // local-use NAT64 (RFC 8215): layout is the operator's
            Range.of("::/8", Classification.RESERVED),              // the rest of the IETF-reserved low block
            Range.of("100::/64", Classification.RESERVED),          // discard-only (RFC 6666)
            Range.of("2001:2::/48", Classification.RESERVED),       // benchmarking (RFC 5180)
            Range.of("2001:10::/28", Classification.RESERVED),      // ORCHID, deprecated
            Range.of("2001:20::/28", Classification.RESERVED),      // ORCHIDv2
            Range.of("2001:db8::/32", Classification.RESERVED),     // documentation
            Range.of("3fff::/20", Classification.RESERVED),         // documentation (RFC 9637)
            Range.of("fc00::/7", Classification.UNIQUE_LOCAL),
            Range.of("fe80::/10", Classification.LINK_LOCAL),
            Range.of("fec0::/10", Classification.PRIVATE),          // site-local, deprecated but still routed internally
            Range.of("ff00::/8", Classification.MULTICAST));

    private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr TEREDO = Cidr.parse("2001::/32");

    public static Classification classify(InetAddress address) {
        if (address instanceof Inet4Address) return classify4(address);
        if (address instanceof Inet6Address v6) return classify6(v6);
        throw new IllegalArgumentException("unknown address type " + address.getClass().getName());
    }

    /**
     * The IPv4 address an IPv6 address carries (for Teredo: the client's), or empty. Used to match
     * an allow-list written in IPv4 terms against the IPv6 form a resolver returned.
     */
    public static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) return Optional.empty();
        byte[] a = address.getAddress();
        if ((isMappedOrCompatible(a) && !isZeroOrOne(a)) || isTranslated(a) || isNat64(a)) {
            return Optional.of(IpLiteral.v4(tail(a, 12)));
        }
        if (SIX_TO_FOUR.contains(address)) return Optional.of(IpLiteral.v4(tail(a, 2)));
        if (TEREDO.contains(address)) return Optional.of(teredoClient(a));
        return Optional.empty();
    }

    private static Classification classify4(InetAddress address) {
        for (Range r : V4) if (r.cidr().contains(address)) return r.classification();
        return Classification.PUBLIC;
    }

    private static Classification classify6(Inet6Address address) {
        byte[] a = address.getAddress();
        if (IpLiteral.isMapped(a) || isTranslated(a) || isNat64(a)) return classify4(IpLiteral.v4(tail(a, 12)));
        // IPv4-compatible ::a.b.c.d, but not :: and ::1, which are themselves.
        if (isMappedOrCompatible(a) && !isZeroOrOne(a)) return classify4(IpLiteral.v4(tail(a, 12)));
        if (SIX_TO_FOUR.contains(address)) return classify4(IpLiteral.v4(tail(a, 2)));
        if (TEREDO.contains(address)) {
            // The client address is where the relay delivers; the server is checked too so a
            // crafted address cannot smuggle an internal server behind a public client.
            Classification client = classify4(teredoClient(a));
            return client.isPublic() ? classify4(IpLiteral.v4(tail(a, 4))) : client;
        }
        for (Range r : V6) if (r.cidr().contains(address)) return r.classification();
        if (!GLOBAL_UNICAST.contains(address)) return Classification.RESERVED; // unassigned by IANA
        return Classification.PUBLIC;
    }

    /** ::/96 (compatible) or ::ffff:0:0/96 (mapped). */
    private static boolean isMappedOrCompatible(byte[] a) {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return (a[10] == 0 && a[11] == 0) || (a[10] == (byte) 0xff && a[11] == (byte) 0xff);
    }

    /** ::ffff:0:a.b.c.d (SIIT "IPv4-translated", RFC 2765). */
    private static boolean isTranslated(byte[] a) {
        for (int i = 0; i < 8; i++) if (a[i] != 0) return false;
        return a[8] == (byte) 0xff && a[9] == (byte) 0xff && a[10] == 0 && a[11] == 0;
    }

    /** 64:ff9b::/96, the well-known NAT64 prefix (RFC 6052). */
    private static boolean isNat64(byte[] a) {
        if (a[0] != 0 || a[1] != 0x64 || a[2] != (byte) 0xff || a[3] != (byte) 0x9b) return false;
        for (int i = 4; i < 12; i++) if (a[i] != 0) return false;
        return true;
    }

    private static boolean isZeroOrOne(byte[] a) {
        for (int i = 0; i < 15; i++) if (a[i] != 0) return false;
        return a[15] == 0 || a[15] == 1;
    }

    /** Teredo stores the client's IPv4 address in the last 32 bits, inverted (RFC 4380). */
    private static Inet4Address teredoClient(byte[] a) {
        byte[] v4 = tail(a, 12);
        for (int i = 0; i < 4; i++) v4[i] = (byte) ~v4[i];
        return IpLiteral.v4(v4);
    }

    private static byte[] tail(byte[] a, int from) {
        byte[] out = new byte[4];
        System.arraycopy(a, from, out, 0, 4);
        return out;
    }
}
