package dev.tollgate.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Strict IP address literals. {@link InetAddress#getByName} falls back to a DNS lookup for
 * anything it does not recognise as a literal and accepts legacy forms such as {@code 10.1}
 * or {@code 010.0.0.1}; settings must never trigger a lookup and must mean what they look like.
 */
public final class IpLiterals {
    private IpLiterals() {}

    /** The address {@code text} spells, or empty when it is not a plain IPv4 or IPv6 literal. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    /** Dotted quad, four decimal octets, no leading zeros (which some tools read as octal). */
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
        return Optional.of(byAddress(bytes));
    }

    /**
     * Only hex digits, ':' and '.' (an embedded IPv4 tail) are allowed: that excludes zone ids
     * and brackets, and guarantees the JDK parses it as a literal (a string containing ':' is
     * never looked up).
     */
    private static Optional<InetAddress> parseV6(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 128;
            if (!ok) return Optional.empty();
        }
        if (text.charAt(0) != ':' && Character.digit(text.charAt(0), 16) < 0) return Optional.empty();
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + bytes.length, e);
        }
    }
}
