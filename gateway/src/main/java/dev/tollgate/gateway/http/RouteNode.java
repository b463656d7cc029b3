package dev.tollgate.gateway.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** One segment position in the routing tree: literal children, at most one parameter child, endpoints by method. */
final class RouteNode {
    record Endpoint(Route route, String pattern, String[] paramNames) {
        Map<String, String> bind(String[] values) {
            return Router.bind(paramNames, values);
        }
    }

    final Map<String, RouteNode> literals = new HashMap<>();
    final Map<String, Endpoint> endpoints = new HashMap<>();
    RouteNode param;

    RouteNode literalChild(String segment) {
        return literals.computeIfAbsent(segment, s -> new RouteNode());
    }

    RouteNode paramChild() {
        if (param == null) {
            param = new RouteNode();
        }
        return param;
    }

    /**
     * Depth-first, literal before parameter, so {@code /intents/stats} beats {@code /intents/:id}; when a path
     * matches only under other methods, their names are collected into {@code allowed} for the 405.
     */
    Endpoint find(String[] segments, int index, String[] values, int captured, String method, Set<String> allowed) {
        if (index == segments.length) {
            Endpoint endpoint = endpoints.get(method);
            if (endpoint == null) {
                allowed.addAll(endpoints.keySet());
            }
            return endpoint;
        }
        String segment = segments[index];
        RouteNode literal = literals.get(segment);
        if (literal != null) {
            Endpoint found = literal.find(segments, index + 1, values, captured, method, allowed);
            if (found != null) {
                return found;
            }
        }
        if (param != null && !segment.isEmpty()) {
            values[captured] = segment;
            return param.find(segments, index + 1, values, captured + 1, method, allowed);
        }
        return null;
    }
}
