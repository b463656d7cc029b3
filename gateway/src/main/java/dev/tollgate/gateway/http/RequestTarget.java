package dev.tollgate.gateway.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The request target split into path and query; the query is decoded on first use since most routes take none. */
final class RequestTarget {
    private static final int MAX_QUERY_PARAMS = 1024;

    private final String uri;
    private final String path;
    private Map<String, List<String>> query;

    RequestTarget(String uri) {
        this.uri = uri;
        this.path = pathOf(uri);
    }

    String uri() {
        return uri;
    }

    String path() {
        return path;
    }

    /** @throws ApiException 400 {@code invalid_query} when the query string cannot be decoded */
    Map<String, List<String>> query() {
        if (query == null) {
            int q = uri.indexOf('?');
            // ';' is an ordinary character in a query (Netty splits on it by default, which no browser does)
            try {
                query = q < 0 ? Map.of() : new QueryStringDecoder(uri.substring(q + 1), StandardCharsets.UTF_8,
                        false, MAX_QUERY_PARAMS, true).parameters();
            } catch (IllegalArgumentException e) { // "%zz": the client's mistake, not a 500
                throw ApiException.badRequest("invalid_query", "malformed percent-encoding in query string", null);
            }
        }
        return query;
    }

    private static String pathOf(String uri) {
        int end = uri.indexOf('?');
        String path = end < 0 ? uri : uri.substring(0, end);
        // absolute-form (`GET http://host/x`) is legal HTTP/1.1 towards a server too: keep only the path
        if (!path.startsWith("/")) {
            int scheme = path.indexOf("://");
            if (scheme > 0) {
                int slash = path.indexOf('/', scheme + 3);
                return slash < 0 ? "/" : path.substring(slash);
            }
        }
        return path;
    }
}
