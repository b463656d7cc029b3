package dev.tollgate.ca;

import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/**
 * A host a leaf can be minted for, in canonical form: a DNS name (lower case, no trailing dot)
 * or an IP literal (IPv4 dotted quad, or IPv6 without brackets in RFC 5952 form). Two spellings
 * of one host ({@code API.Example.com.}, {@code [::1]} and {@code 0::1}) give equal values, so
 * they share one cache entry.
 *
 * <p>Names must already be ASCII (IDNs as punycode). Labels are letters, digits, hyphens and,
 * as in destination rules, underscores (common in internal names; the JDK accepts them). A name
 * whose last label is all digits is refused: it would be an IP address written wrong
 * ({@code 1.2.3}, {@code 010.0.0.1}), never a real name.
 *
 * @param value canonical text, used for the SAN, the CN and the cache key
 * @param ip    true for an IP literal (SAN iPAddress), false for a name (SAN dNSName)
 */
public record LeafHost(String value, boolean ip) {

    /** @throws IllegalArgumentException when {@code text} is neither a valid host name nor an IP literal */
    public static LeafHost parse(String text) {
        if (text == null || text.isEmpty()) throw invalid(text);
        if (text.charAt(0) == '[') {
            if (text.length() < 3 || text.charAt(text.length() - 1) != ']') throw invalid(text);
            return ipv6(text.substring(1, text.length() - 1), text);
        }
        if (text.indexOf(':') >= 0) return ipv6(text, text);
        if (isIpv4(text)) return new LeafHost(text, true);
        String name = text.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) name = name.substring(0, name.length() - 1); // the root dot names the same host
        if (!isHostName(name)) throw invalid(text);
        return new LeafHost(name, false);
    }

    /** The address bytes of an IP literal (4 or 16), for the SAN. */
    byte[] addressBytes() {
        if (!ip) throw new IllegalStateException(value + " is not an IP literal");
        return ASN1OctetString.getInstance(new GeneralName(GeneralName.iPAddress, value).getName()).getOctets();
    }

    private static LeafHost ipv6(String literal, String original) {
        // No zone ids (fe80::1%eth0): a certificate cannot name one, and isValidIPv6 refuses them.
        if (!IPAddress.isValidIPv6(literal)) throw invalid(original);
        byte[] bytes = ASN1OctetString.getInstance(new GeneralName(GeneralName.iPAddress, literal).getName()).getOctets();
        return new LeafHost(rfc5952(bytes), true);
    }

    /** Four decimal octets 0..255 without leading zeros, which some parsers read as octal. */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return false;
            for (int i = 0; i < p.length(); i++) if (p.charAt(i) < '0' || p.charAt(i) > '9') return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    private static boolean isHostName(String h) {
        if (h.isEmpty() || h.length() > 253) return false;
        int start = 0;
        boolean lastAllDigits = false;
        while (start <= h.length()) {
            int end = h.indexOf('.', start);
            if (end < 0) end = h.length();
            int len = end - start;
            if (len < 1 || len > 63) return false;
            if (h.charAt(start) == '-' || h.charAt(end - 1) == '-') return false;
            boolean allDigits = true;
            for (int i = start; i < end; i++) {
                char c = h.charAt(i);
                boolean digit = c >= '0' && c <= '9';
                if (!(digit || (c >= 'a' && c <= 'z') || c == '-' || c == '_')) return false;
                allDigits &= digit;
            }
            lastAllDigits = allDigits;
            start = end + 1;
        }
        return !lastAllDigits;
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run (of two or more) of zero groups as "::". */
    static String rfc5952(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("not a valid host name or IP literal: \"" + printable(text) + "\"");
    }

    private static String printable(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(300).forEach(c -> sb.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return sb.toString();
    }
}
