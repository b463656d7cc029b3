package dev.tollgate.gateway.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Method + path-pattern routing. Patterns are {@code /}-separated segments, each either literal or a
 * {@code :name} parameter matching exactly one non-empty segment; a literal segment wins over a parameter.
 * A trailing slash on the request path is ignored. Register every route before the server starts.
 */
public final class Router {
    private final RouteNode root = new RouteNode();
    private volatile boolean frozen;

    public sealed interface Match permits Found, NotAllowed, NotFound {
    }

    /** {@code params} are percent-decoded; {@code pattern} is the pattern as registered. */
    public record Found(Route route, String pattern, Map<String, String> params) implements Match {
    }

    /** The path exists, but not for this method; {@code allowed} is sorted. */
    public record NotAllowed(List<String> allowed) implements Match {
    }

    public record NotFound() implements Match {
    }

    private static final NotFound NOT_FOUND = new NotFound();

    public Router get(String pattern, Route route) {
        return add("GET", pattern, route);
    }

    public Router post(String pattern, Route route) {
        return add("POST", pattern, route);
    }

    public Router put(String pattern, Route route) {
        return add("PUT", pattern, route);
    }

    public Router patch(String pattern, Route route) {
        return add("PATCH", pattern, route);
    }

    public Router delete(String pattern, Route route) {
        return add("DELETE", pattern, route);
    }

    /** @throws IllegalStateException when the same method and path shape is registered twice, or after start */
    public synchronized Router add(String method, String pattern, Route route) {
        if (frozen) {
            throw new IllegalStateException("routes must be registered before the server starts");
        }
        if (route == null || method == null || method.isBlank() || pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("need a method, a pattern starting with '/' and a route: "
                    + method + " " + pattern);
        }
        String m = method.toUpperCase(Locale.ROOT);
        RouteNode node = root;
        List<String> names = new ArrayList<>();
        for (String segment : RoutePath.split(pattern)) {
            if (segment.isEmpty() || segment.equals(":")) {
                throw new IllegalArgumentException("empty segment in route pattern " + pattern);
            }
            if (segment.startsWith(":")) {
                String name = segment.substring(1);
                if (names.contains(name)) {
                    throw new IllegalArgumentException("parameter :" + name + " used twice in " + pattern);
                }
                names.add(name);
                node = node.paramChild();
            } else {
                node = node.literalChild(segment);
            }
        }
        RouteNode.Endpoint previous = node.endpoints.putIfAbsent(
                m, new RouteNode.Endpoint(route, pattern, names.toArray(String[]::new)));
        if (previous != null) {
            throw new IllegalStateException("route " + m + " " + pattern + " clashes with " + m + " "
                    + previous.pattern());
        }
        return this;
    }

    /** Stops further registration: the maps are then read by many event loops without locking. */
    void freeze() {
        frozen = true;
    }

    /**
     * @param rawPath the request path without query string, still percent-encoded
     * @throws ApiException 400 {@code invalid_path} when a parameter's percent-encoding is malformed
     */
    public Match match(String method, String rawPath) {
        String[] segments = RoutePath.split(rawPath);
        if (segments == null) {
            return NOT_FOUND;
        }
        String[] values = new String[segments.length];
        TreeSet<String> allowed = new TreeSet<>();
        RouteNode.Endpoint endpoint = root.find(segments, 0, values, 0, method, allowed);
        if (endpoint != null) {
            return new Found(endpoint.route(), endpoint.pattern(), endpoint.bind(values));
        }
        return allowed.isEmpty() ? NOT_FOUND : new NotAllowed(List.copyOf(allowed));
    }

    /** Routes without parameters (health, metrics, listings) share the empty map. */
    static Map<String, String> bind(String[] names, String[] values) {
        if (names.length == 0) {
            return Map.of();
        }
        Map<String, String> params = new HashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            params.put(names[i], RoutePath.decodeSegment(values[i]));
        }
        return Collections.unmodifiableMap(params);
    }
}
