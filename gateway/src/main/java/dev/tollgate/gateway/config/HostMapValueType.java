package dev.tollgate.gateway.config;

import dev.tollgate.proxy.address.IpLiteral;
import dev.tollgate.engine.config.YNode;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code proxy.hosts}: host name → IP literal, pinning names without DNS. In YAML a map; as
 * text {@code name=address,name=address}. Addresses must be literals so that pinning itself
 * never resolves anything.
 */
final class HostMapValueType implements ValueType<Map<String, InetAddress>> {

    @Override public Optional<Map<String, InetAddress>> fromText(String text, ProblemSite at) {
        Map<String, InetAddress> out = new LinkedHashMap<>();
        boolean ok = true;
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) continue;
            int eq = item.indexOf('=');
            if (eq < 0) {
                at.add("must be NAME=ADDRESS pairs, not " + ScalarValueType.quote(item));
                ok = false;
                continue;
            }
            ok &= put(out, item.substring(0, eq).strip(), item.substring(eq + 1).strip(), at);
        }
        return ok ? Optional.of(Collections.unmodifiableMap(out)) : Optional.empty();
    }

    @Override public Optional<Map<String, InetAddress>> fromYaml(YNode node, ProblemSite at) {
        if (!(node instanceof YNode.YMap map)) {
            at.add("must be a map of host name to IP address, not " + node.kind());
            return Optional.empty();
        }
        Map<String, InetAddress> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, YNode> e : map.entries().entrySet()) {
            ProblemSite entrySite = at.child("." + e.getKey(), map.lineOf(e.getKey()));
            if (e.getValue() instanceof YNode.YScalar s && s.type() == YNode.ScalarType.STRING) {
                ok &= put(out, e.getKey(), s.text(), entrySite);
            } else {
                entrySite.add("must be an IP address (a string), not " + e.getValue().kind());
                ok = false;
            }
        }
        return ok ? Optional.of(Collections.unmodifiableMap(out)) : Optional.empty();
    }

    private static boolean put(Map<String, InetAddress> out, String name, String address, ProblemSite at) {
        String host = HostNames.hostName(name);
        Optional<InetAddress> ip = IpLiteral.parse(address);
        if (host == null) at.add(ScalarValueType.quote(name) + " is not a valid host name");
        if (ip.isEmpty()) at.add("must be an IP address literal, not " + ScalarValueType.quote(address));
        if (host == null || ip.isEmpty()) return false;
        if (out.putIfAbsent(host, ip.get()) != null) {
            at.add(ScalarValueType.quote(host) + " is pinned twice");
            return false;
        }
        return true;
    }
}
