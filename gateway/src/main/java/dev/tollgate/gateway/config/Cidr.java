package dev.tollgate.gateway.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}. A bare address is a range of
 * one. Host bits must be zero: {@code 10.0.0.1/8} is refused rather than silently widened,
 * because this type guards which private addresses the proxy may reach.
 *
 * @param network      the first address of the range (IPv4: 4 bytes, IPv6: 16 bytes)
 * @param prefixLength number of leading bits that are fixed
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0-" + bits);
        }
        byte[] masked = mask(network.getAddress(), prefixLength);
        if (!Arrays.equals(masked, network.getAddress())) {
            throw new IllegalArgumentException("host bits are set; the network is "
                    + address(masked).getHostAddress() + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code ADDRESS[/PREFIX]}.
     *
     * @throws IllegalArgumentException with a message that does not repeat the input
     */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        InetAddress ip = IpLiterals.parse(addr)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address"));
        if (addr.indexOf(':') >= 0 && ip instanceof Inet4Address) {
            // "::ffff:10.0.0.0/104" is written in IPv6 terms; the JDK hands back IPv4. Keep IPv6.
            ip = v6(mapped(ip.getAddress()));
        }
        int bits = ip.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                throw new IllegalArgumentException("prefix length must be a number 0-" + bits);
            }
            prefix = Integer.parseInt(p);
        }
        return new Cidr(ip, prefix);
    }

    /**
     * Whether {@code address} is inside the range. IPv4 and IPv4-mapped IPv6 forms of one
     * address are treated as the same address, so {@code ::ffff:10.0.0.1} cannot slip past
     * a {@code 10.0.0.0/8} check (or be refused by one) because of how it was written.
     */
    public boolean contains(InetAddress address) {
        byte[] net = network.getAddress();
        byte[] a = address.getAddress();
        if (a.length != net.length) {
            if (a.length == 4) {
                a = mapped(a);
            } else if (isMapped(a)) {
                a = Arrays.copyOfRange(a, 12, 16);
            } else {
                return false;
            }
        }
        return Arrays.equals(mask(a, prefixLength), net);
    }

    @Override public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static byte[] mask(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    private static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    private static boolean isMapped(byte[] v6) {
        for (int i = 0; i < 10; i++) if (v6[i] != 0) return false;
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    private static InetAddress address(byte[] bytes) {
        return bytes.length == 16 ? v6(bytes) : IpLiterals.byAddress(bytes);
    }

    /** An Inet6Address even for mapped bytes, which InetAddress.getByAddress would turn into IPv4. */
    private static InetAddress v6(byte[] bytes) {
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
