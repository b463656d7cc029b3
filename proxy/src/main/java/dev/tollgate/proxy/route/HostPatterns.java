package dev.tollgate.proxy.route;

import java.util.List;
import java.util.Locale;

/**
 * Host patterns as in destination rules: an exact name, or {@code *.example.com} for any depth of
 * subdomain (not {@code example.com} itself). Used for {@code proxy.tls_passthrough}.
 */
public final class HostPatterns {
    private final List<String> exact;
    private final List<String> suffixes;

    public HostPatterns(List<String> patterns) {
        this.exact = patterns.stream().filter(p -> !p.startsWith("*.")).map(HostPatterns::canonical).toList();
        this.suffixes = patterns.stream().filter(p -> p.startsWith("*.")).map(p -> canonical(p.substring(1))).toList();
    }

    public static HostPatterns none() { return new HostPatterns(List.of()); }

    public boolean matches(String host) {
        String h = canonical(host);
        if (exact.contains(h)) return true;
        for (String s : suffixes) if (h.endsWith(s) && h.length() > s.length()) return true;
        return false;
    }

    public boolean isEmpty() { return exact.isEmpty() && suffixes.isEmpty(); }

    private static String canonical(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
