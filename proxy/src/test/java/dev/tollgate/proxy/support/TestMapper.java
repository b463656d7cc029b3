package dev.tollgate.proxy.support;

import dev.tollgate.proxy.route.DestinationMapper;
import dev.tollgate.proxy.route.PendingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Host → policy, for tests; unknown hosts are blocked (no default policy). */
public final class TestMapper implements DestinationMapper {
    private record Rule(String destination, String policy, String pointer, PendingMode pending) {}

    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    public TestMapper route(String host, String policy) { return route(host, policy, null, null); }

    public TestMapper route(String host, String policy, PendingMode pending, String pointer) {
        rules.put(host, new Rule(null, policy, pointer, pending));
        return this;
    }

    public TestMapper named(String host, String destination, String policy) {
        rules.put(host, new Rule(destination, policy, null, null));
        return this;
    }

    @Override public Mapping map(String method, String scheme, String host, int port, String path) {
        Rule r = rules.get(host);
        String dest = r != null && r.destination() != null ? r.destination() : host + "." + scheme;
        return r == null ? new Mapping(dest, null, null, null) : new Mapping(dest, r.policy(), r.pointer(), r.pending());
    }
}
