package dev.tollgate.proxy.route;

import dev.tollgate.proxy.address.IpLiteral;
import java.net.Inet6Address;
import java.util.Locale;

/**
 * Parses request targets (RFC 9112 §3.2): absolute form for plain proxying, authority form for
 * CONNECT, origin form inside an intercepted tunnel (whose host is fixed by the CONNECT). Strict:
 * anything ambiguous is refused rather than guessed.
 */
public final class TargetParser {
    private TargetParser() {}

    /** A request line's target sent to the proxy itself: absolute form ({@code GET http://host/path}). */
    public static Target absolute(String uri) throws BadTarget {
        int colon = uri.indexOf("://");
        if (uri.startsWith("/") || uri.equals("*")) {
            throw new BadTarget(400, "not_a_proxy_request", "this is Tollgate's forward proxy: send requests in"
                    + " absolute form (GET http://host/path) by setting HTTP_PROXY, or use CONNECT for https");
        }
        if (colon < 0) throw new BadTarget(400, "invalid_target", "request target is not an absolute URL");
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadTarget(400, "unsupported_scheme", "only http and https URLs can be proxied, not " + scheme);
        }
        String rest = uri.substring(colon + 3);
        int end = indexOfAny(rest, "/?#");
        String authority = end < 0 ? rest : rest.substring(0, end);
        Authority a = authority(authority, scheme.equals("https") ? 443 : 80, false);
        return withPathAndQuery(scheme, a, end < 0 ? "" : rest.substring(end));
    }

    /** A CONNECT request's target: {@code host:port}. */
    public static Target connect(String uri) throws BadTarget {
        Authority a = authority(uri, -1, true);
        return Target.tunnel(a.host, a.port);
    }

    /** {@link #inTunnel(String, String, String, int, String)} for TLS tunnels ({@code https}). */
    public static Target inTunnel(String uri, String hostHeader, String host, int port) throws BadTarget {
        return inTunnel(uri, hostHeader, host, port, "https");
    }

    /**
     * A request inside an intercepted tunnel to {@code host:port}: origin form, or absolute form naming
     * the same host. {@code hostHeader} must name the tunnel's host too (port optional), else 421.
     *
     * @param scheme {@code https} when the tunnel carries TLS (the usual case), {@code http} when it carries plain HTTP
     */
    public static Target inTunnel(String uri, String hostHeader, String host, int port, String scheme) throws BadTarget {
        if (hostHeader == null || hostHeader.isEmpty()) throw new BadTarget(400, "missing_host", "the Host header is required");
        Authority h;
        try {
            h = authority(hostHeader, port, false);
        } catch (BadTarget e) {
            throw new BadTarget(400, "invalid_host", "invalid Host header");
        }
        if (!h.host.equals(host) || h.port != port) throw misdirected(host, port);
        if (uri.startsWith("/")) return withPathAndQuery(scheme, new Authority(host, port), uri);
        Target t = absolute(uri);
        if (!t.host().equals(host) || t.port() != port || !t.scheme().equals(scheme)) throw misdirected(host, port);
        return t;
    }

    private static BadTarget misdirected(String host, int port) {
        return new BadTarget(421, "misdirected_request", "this tunnel was opened with CONNECT " + host + ":" + port
                + "; requests inside it must be for that host");
    }

    private record Authority(String host, int port) {}

    private static Authority authority(String s, int defaultPort, boolean portRequired) throws BadTarget {
        if (s.isEmpty() || s.indexOf('@') >= 0) throw new BadTarget(400, "invalid_target", "invalid host in request target");
        String host;
        String portText = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) throw new BadTarget(400, "invalid_target", "invalid IPv6 literal");
            host = s.substring(1, close);
            if (!(IpLiteral.parse(host).orElse(null) instanceof Inet6Address)) {
                throw new BadTarget(400, "invalid_target", "invalid IPv6 literal");
            }
            String after = s.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) throw new BadTarget(400, "invalid_target", "invalid authority");
                portText = after.substring(1);
            }
        } else {
            int c = s.indexOf(':');
            if (c >= 0 && s.indexOf(':', c + 1) >= 0) throw new BadTarget(400, "invalid_target", "invalid authority");
            host = c < 0 ? s : s.substring(0, c);
            portText = c < 0 ? null : s.substring(c + 1);
            host = host.toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
            if (!validName(host)) throw new BadTarget(400, "invalid_target", "invalid host name");
        }
        int port;
        if (portText == null || portText.isEmpty()) {
            if (portRequired || defaultPort < 0) throw new BadTarget(400, "invalid_target", "CONNECT needs host:port");
            port = defaultPort;
        } else {
            port = parsePort(portText);
        }
        return new Authority(host.toLowerCase(Locale.ROOT), port);
    }

    private static int parsePort(String p) throws BadTarget {
        if (p.length() > 5 || p.chars().anyMatch(ch -> ch < '0' || ch > '9')) {
            throw new BadTarget(400, "invalid_target", "invalid port");
        }
        int port = Integer.parseInt(p);
        if (port < 1 || port > 65535) throw new BadTarget(400, "invalid_target", "invalid port");
        return port;
    }

    private static boolean validName(String host) {
        if (host.isEmpty() || host.length() > 253) return false;
        for (int i = 0; i < host.length(); i++) {
            char ch = host.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '.' || ch == '_';
            if (!ok) return false;
        }
        return !host.startsWith(".") && !host.contains("..");
    }

    private static Target withPathAndQuery(String scheme, Authority a, String pathAndMore) throws BadTarget {
        int hash = pathAndMore.indexOf('#');
        String s = hash < 0 ? pathAndMore : pathAndMore.substring(0, hash);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch <= 0x20 || ch == 0x7f) throw new BadTarget(400, "invalid_target", "invalid character in request target");
        }
        int q = s.indexOf('?');
        String path = q < 0 ? s : s.substring(0, q);
        String query = q < 0 ? null : s.substring(q + 1);
        if (path.isEmpty()) path = "/";
        if (!path.startsWith("/")) throw new BadTarget(400, "invalid_target", "invalid path");
        return new Target(scheme, a.host, a.port, path, query, false);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }
}
