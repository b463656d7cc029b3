package dev.tollgate.proxy.destination;

import dev.tollgate.proxy.address.IpLiteral;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code host} of a destination rule: an exact host name, {@code *.} a domain (any depth of
 * subdomain, not the domain itself), or an IP literal. Also fits {@code proxy.tls_passthrough}.
 * {@link #matches} takes the host as a request spells it and canonicalises it itself.
 */
public sealed interface HostPattern {
    // Underscores are not valid in DNS host names but common in internal ones; allowed.
    Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    /** Whether {@code host} (any case, optional trailing dot, IPv6 in brackets or not) fits. */
    boolean matches(String host);

    /** The pattern as it is normalised ({@code *.example.com}, {@code api.example.com}, {@code 10.0.0.1}). */
    String text();

    /** Exactly this host name. */
    record Exact(String name) implements HostPattern {
        @Override public boolean matches(String host) { return name.equals(canonical(host)); }
        @Override public String text() { return name; }
    }

    /** Any host with at least one more label in front of {@code domain}; not {@code domain} itself. */
    record Subdomains(String domain) implements HostPattern {
        @Override public boolean matches(String host) {
            String h = canonical(host);
            // The leading dot keeps evil-example.com out; the name check keeps "a..example.com" out.
            return h.length() > domain.length() + 1 && h.endsWith("." + domain) && isHostName(h);
        }
        @Override public String text() { return "*." + domain; }
    }

    /** The same address, however it is written. */
    record Address(InetAddress address, String text) implements HostPattern {
        @Override public boolean matches(String host) {
            return IpLiteral.parse(canonical(host)).map(address::equals).orElse(false);
        }
    }

    /** The pattern {@code text} spells, or empty when it is none of the three forms. */
    static Optional<HostPattern> parse(String text) {
        if (text == null) return Optional.empty();
        Optional<InetAddress> ip = IpLiteral.parse(text);
        if (ip.isPresent()) return Optional.of(new Address(ip.get(), canonical(text)));
        String t = canonical(text);
        if (t.startsWith("*.")) {
            String domain = t.substring(2);
            return isHostName(domain) ? Optional.of(new Subdomains(domain)) : Optional.empty();
        }
        return isHostName(t) ? Optional.of(new Exact(t)) : Optional.empty();
    }

    /**
     * Lower case, without IPv6 brackets and without a single trailing (root) dot. Two trailing
     * dots are left alone: that is no host name, and must not become one.
     */
    static String canonical(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.length() >= 2 && h.startsWith("[") && h.endsWith("]")) return h.substring(1, h.length() - 1);
        return h.endsWith(".") && !h.endsWith("..") ? h.substring(0, h.length() - 1) : h;
    }

    /**
     * A canonical host name: dot-separated labels of letters, digits, '-' and '_', at most 253
     * characters. A name whose last label is all digits is refused: resolvers read {@code 10.1}
     * or {@code 1.2.3.4.5} as addresses, so such a "name" would not mean what it looks like.
     */
    static boolean isHostName(String h) {
        if (h.isEmpty() || h.length() > 253) return false;
        String[] labels = h.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) return false;
        }
        return !labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
