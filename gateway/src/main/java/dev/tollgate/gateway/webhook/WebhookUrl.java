package dev.tollgate.gateway.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A webhook receiver URL, checked for shape (not yet for address): http or https, a host, no
 * credentials. Messages name the part at fault, not the whole URL, which may carry a token in
 * its query string.
 *
 * @param uri           the parsed URL (fragment dropped)
 * @param https         whether TLS is used
 * @param host          host name or IP literal, without IPv6 brackets
 * @param port          the explicit port, else 80 or 443
 * @param hostHeader    the {@code Host} header value: the URL's authority as written
 * @param requestTarget path and query for the request line, never empty
 */
public record WebhookUrl(URI uri, boolean https, String host, int port, String hostHeader, String requestTarget) {
    static final int MAX_LENGTH = 2048;

    /** @throws IllegalArgumentException saying what is wrong */
    public static WebhookUrl parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("webhook url is required");
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("webhook url is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("webhook url is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw new IllegalArgumentException("webhook url must be an absolute http:// or https:// URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("webhook url scheme must be http or https, not " + uri.getScheme());
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("webhook url must not contain credentials (user:password@)");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(uri.getRawAuthority() == null ? "webhook url has no host"
                    : "webhook url host is not a valid host name (non-ASCII names must be written in punycode)");
        }
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        boolean https = scheme.equals("https");
        int port = uri.getPort();
        if (port == -1) {
            port = https ? 443 : 80;
        } else if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("webhook url port must be 1-65535, not " + port);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        URI clean;
        try {
            clean = new URI(scheme + "://" + uri.getRawAuthority() + target);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("webhook url is not a valid URL: " + e.getReason());
        }
        return new WebhookUrl(clean, https, host, port, uri.getRawAuthority(), target);
    }
}
