package dev.tollgate.proxy.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Name → addresses. Blocking (DNS): call it off event-loop threads. */
@FunctionalInterface
public interface HostLookup {

    /** All addresses of {@code host}, never empty. */
    List<InetAddress> lookup(String host) throws UnknownHostException;

    /** The system resolver (JDK cache and name service). */
    static HostLookup system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }

    /**
     * Fixed answers for some names ({@code proxy.hosts}: split-horizon setups and tests), the
     * {@code fallback} for the rest. Names compare case-insensitively, without a trailing dot.
     * Pinned answers go through the same {@link AddressPolicy} check as looked-up ones.
     */
    static HostLookup pinned(Map<String, List<InetAddress>> pins, HostLookup fallback) {
        Objects.requireNonNull(fallback);
        Map<String, List<InetAddress>> byName = new HashMap<>();
        pins.forEach((name, addresses) -> {
            if (addresses.isEmpty()) throw new IllegalArgumentException("no address pinned for " + name);
            byName.put(normalise(name), List.copyOf(addresses));
        });
        return host -> {
            List<InetAddress> fixed = byName.get(normalise(host));
            return fixed != null ? fixed : fallback.lookup(host);
        };
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
