package dev.tollgate.gateway.config;

import dev.tollgate.proxy.address.IpLiteral;
import java.util.Locale;
import java.util.regex.Pattern;

/** Syntax of host names and host patterns ({@code api.example.com}, {@code *.example.com}). */
public final class HostNames {
    // Underscores are not valid in DNS host names but are common in internal names; allowed.
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private HostNames() {}

    /** Lower-cased host name, or null when {@code text} is not one (IP literals are not host names). */
    public static String hostName(String text) {
        String h = text.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1); // the root dot changes nothing
        if (h.isEmpty() || h.length() > 253) return null;
        for (String label : h.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) return null;
        }
        return h;
    }

    /**
     * Lower-cased host pattern, or null: an exact host name, an IP literal, or {@code *.} followed
     * by a host name (any depth of subdomain, as in destination rules).
     */
    public static String hostPattern(String text) {
        if (IpLiteral.parse(text).isPresent()) return text.toLowerCase(Locale.ROOT);
        if (text.startsWith("*.")) {
            String rest = hostName(text.substring(2));
            return rest == null ? null : "*." + rest;
        }
        return hostName(text);
    }
}
