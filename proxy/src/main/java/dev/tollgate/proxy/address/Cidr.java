package dev.tollgate.proxy.address;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a range of
 * one. Host bits must be zero: {@code 10.0.0.1/8} is refused rather than silently widened,
 * because this type decides which private addresses Tollgate may reach.
 *
 * @param network      the first address of the range (IPv4: 4 bytes, IPv6: 16 bytes)
 * @param prefixLength number of leading bits that are fixed
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        if (network == null) throw new IllegalArgumentException("network address is required");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0-" + bits + ", not " + prefixLength);
        }
        byte[] masked = mask(network.getAddress(), prefixLength);
        if (!Arrays.equals(masked, network.getAddress())) {
            throw new IllegalArgumentException("host bits are set in " + network.getHostAddress() + "/" + prefixLength
                    + "; the network is " + address(masked).getHostAddress() + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code ADDRESS[/PREFIX]}, never looking anything up.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty CIDR; expected e.g. 10.0.0.0/8");
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        InetAddress ip = IpLiteral.parse(addr).orElseThrow(() -> new IllegalArgumentException(
                "'" + addr + "' is not an IPv4 or IPv6 address (expected e.g. 10.0.0.0/8 or fd00::/8)"));
        if (addr.indexOf(':') >= 0 && ip instanceof Inet4Address) {
            // "::ffff:10.0.0.0/104" is written in IPv6 terms; the JDK hands back IPv4. Keep IPv6.
            ip = IpLiteral.v6(IpLiteral.mapped(ip.getAddress()));
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
            if (prefix > bits) {
                throw new IllegalArgumentException("prefix length must be 0-" + bits);
            }
        }
        return new Cidr(ip, prefix);
    }

    /**
     * Whether {@code address} is inside the range. The IPv4 and IPv4-mapped IPv6 spellings of one
     * address are the same address, so {@code ::ffff:10.0.0.1} cannot slip past (or be refused by)
     * a {@code 10.0.0.0/8} range because of how it was written.
     */
    public boolean contains(InetAddress address) {
        byte[] net = network.getAddress();
        byte[] a = address.getAddress();
        if (a.length != net.length) {
            if (a.length == 4) {
                a = IpLiteral.mapped(a);
            } else if (IpLiteral.isMapped(a)) {
                a = Arrays.copyOfRange(a, 12, 16);
            } else {
                return false;
            }
        }
        return Arrays.equals(mask(a, prefixLength), net);
    }

    @Override public String toString() { return network.getHostAddress() + "/" + prefixLength; }

    private static byte[] mask(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    private static InetAddress address(byte[] bytes) {
        return bytes.length == 16 ? IpLiteral.v6(bytes) : IpLiteral.v4(bytes);
    }
}
