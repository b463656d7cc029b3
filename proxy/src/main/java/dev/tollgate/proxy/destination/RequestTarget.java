package dev.tollgate.proxy.destination;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * What destination matching looks at in a proxied request.
 *
 * @param method HTTP method as sent (compared case-insensitively)
 * @param scheme {@code http} or {@code https} (any case; stored lower case)
 * @param host   host as sent, without port: a name (ASCII) or an IP literal, brackets allowed
 * @param port   1–65535; the constructors without a port use 80 for http and 443 for https
 * @param path   raw path without query or fragment, as on the wire (not decoded); {@code ""}
 *               means {@code /}; null when there is none (a {@code CONNECT} tunnel), which no
 *               rule with a path can match
 */
public record RequestTarget(String method, String scheme, String host, int port, String path) {

    public RequestTarget {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("scheme must be http or https, not \"" + scheme + "\"");
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1-65535, not " + port);
    }

    /** A target on the scheme's default port. */
    public RequestTarget(String method, String scheme, String host, String path) {
        this(method, scheme, host, defaultPort(scheme), path);
    }

    /** Whether {@code s} can be an HTTP method: an RFC 9110 token. */
    public static boolean isMethod(String s) {
        if (s == null || s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    public static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /**
     * The target of {@code method url}; the query and fragment are dropped, user info ignored.
     *
     * @throws IllegalArgumentException naming what is wrong when {@code url} is not an absolute
     *         http(s) URL with a host
     */
    public static RequestTarget fromUrl(String method, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + url + "\" is not a valid URL: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
        String scheme = uri.getScheme();
        if (scheme == null || uri.isOpaque()
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("\"" + url + "\" is not an absolute http:// or https:// URL");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException("\"" + url + "\" has no host");
        }
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        // java.net.URI leaves getHost() null for legal-but-unusual names (underscores), so split by hand.
        String host;
        String portText;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("\"" + url + "\" has an unclosed IPv6 literal");
            host = authority.substring(0, close + 1);
            portText = authority.substring(close + 1);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? "" : authority.substring(colon);
        }
        if (host.isEmpty()) throw new IllegalArgumentException("\"" + url + "\" has no host");
        int port = defaultPort(scheme);
        if (!portText.isEmpty() && !portText.equals(":")) {
            if (!portText.startsWith(":") || !portText.substring(1).chars().allMatch(c -> c >= '0' && c <= '9')
                    || portText.length() > 6 || Integer.parseInt(portText.substring(1)) < 1
                    || Integer.parseInt(portText.substring(1)) > 65535) {
                throw new IllegalArgumentException("\"" + url + "\" has an invalid port: " + portText.substring(1));
            }
            port = Integer.parseInt(portText.substring(1));
        }
        String path = uri.getRawPath();
        return new RequestTarget(method, scheme, host, port, path == null || path.isEmpty() ? "/" : path);
    }
}
