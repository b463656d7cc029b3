package dev.tollgate.proxy.route;

/**
 * Where a proxied request goes, normalised: lower-case host (IPv6 without brackets), explicit port,
 * raw path and query. {@link #absoluteUrl()} is the form the request digest is computed over, so a
 * retry is recognised whatever spelling the client used ({@code HTTP://Host:80/x} = {@code http://host/x}).
 *
 * @param scheme  {@code http} or {@code https}
 * @param path    raw path starting with {@code /}; empty for a CONNECT tunnel
 * @param query   raw query without {@code ?}; null when absent
 * @param connect whether this is a CONNECT tunnel (authority form)
 */
public record Target(String scheme, String host, int port, String path, String query, boolean connect) {

    public static Target tunnel(String host, int port) { return new Target("https", host, port, "", null, true); }

    public boolean https() { return "https".equals(scheme); }

    public boolean defaultPort() { return port == (https() ? 443 : 80); }

    /** Host for URLs and the Host header: IPv6 literals in brackets. */
    public String hostForUrl() { return host.indexOf(':') >= 0 ? "[" + host + "]" : host; }

    /** {@code host[:port]}, the port only when not the scheme's default (the Host header sent upstream). */
    public String authority() { return defaultPort() ? hostForUrl() : hostForUrl() + ":" + port; }

    /** The path and query as sent to the origin server. */
    public String originForm() { return query == null ? path : path + "?" + query; }

    /** {@code scheme://authority/path?query}; {@code host:port} for a tunnel. */
    public String absoluteUrl() {
        if (connect) return hostForUrl() + ":" + port;
        return scheme + "://" + authority() + originForm();
    }

    /** {@link #absoluteUrl()} with query values removed ({@code ?token=&page=}), for logs, metadata and lists. */
    public String redactedUrl() {
        if (connect || query == null) return absoluteUrl();
        StringBuilder sb = new StringBuilder(scheme).append("://").append(authority()).append(path).append('?');
        String[] parts = query.split("&", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) sb.append('&');
            int eq = parts[i].indexOf('=');
            sb.append(eq < 0 ? parts[i] : parts[i].substring(0, eq + 1));
        }
        return sb.toString();
    }
}
