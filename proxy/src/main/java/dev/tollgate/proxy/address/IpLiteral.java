package dev.tollgate.proxy.address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Strict IP address literals, parsed without any DNS lookup. {@link InetAddress#getByName} falls
 * back to a lookup for anything it does not recognise and accepts legacy forms such as
 * {@code 10.1} or {@code 010.0.0.1}; configuration and "is this host a literal?" decisions must
 * mean exactly what they look like.
 */
public final class IpLiteral {
    private IpLiteral() {}

    /**
     * The address {@code text} spells, or empty. IPv6 may be written in brackets ({@code [::1]},
     * as in URLs); zone ids ({@code fe80::1%eth0}) are not accepted.
     */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        if (text.startsWith("[") && text.endsWith("]")) {
            return parseV6(text.substring(1, text.length() - 1));
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    /** Dotted quad, four decimal octets, no leading zeros (which some resolvers read as octal). */
    private static Optional<InetAddress> parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) return Optional.empty();
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return Optional.empty();
            if (p.length() > 1 && p.charAt(0) == '0') return Optional.empty();
            int v = Integer.parseInt(p);
            if (v > 255) return Optional.empty();
            bytes[i] = (byte) v;
        }
        return Optional.of(v4(bytes));
    }

    /**
     * Only hex digits, ':' and '.' (an embedded IPv4 tail): that excludes zone ids and
     * guarantees the JDK treats it as a literal (a string containing ':' is never looked up).
     * The JDK turns {@code ::ffff:a.b.c.d} into an Inet4Address; classification treats both
     * forms alike, so that is harmless here.
     */
    private static Optional<InetAddress> parseV6(String text) {
        if (text.isEmpty() || text.indexOf(':') < 0) return Optional.empty();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == ':' || c == '.' || (c < 128 && Character.digit(c, 16) >= 0);
            if (!ok) return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static Inet4Address v4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad IPv4 address length " + bytes.length, e);
        }
    }

    /** An Inet6Address even for IPv4-mapped bytes, which InetAddress.getByAddress would turn into IPv4. */
    static Inet6Address v6(byte[] bytes) {
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad IPv6 address length " + bytes.length, e);
        }
    }

    /** Whether 16 bytes are an IPv4-mapped address {@code ::ffff:a.b.c.d}. */
    static boolean isMapped(byte[] a) {
        if (a.length != 16) return false;
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }
}
