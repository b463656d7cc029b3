package dev.tollgate.proxy.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves a destination host once and checks every answer, so the address Tollgate connects to
 * is the address it checked (no second lookup for a rebinding resolver to answer differently).
 * Blocking: call off event-loop threads.
 */
public final class AddressResolver {
    private final HostLookup lookup;

    public AddressResolver(HostLookup lookup) { this.lookup = Objects.requireNonNull(lookup); }

    public static AddressResolver system() { return new AddressResolver(HostLookup.system()); }

    /**
     * All addresses of {@code host}. An IP literal (also {@code [::1]}) is its own answer and is
     * never sent to a resolver.
     *
     * @throws UnknownHostException when the name has no address
     */
    public List<InetAddress> resolveAll(String host) throws UnknownHostException {
        if (host == null || host.isEmpty()) throw new UnknownHostException("empty host name");
        Optional<InetAddress> literal = IpLiteral.parse(host);
        if (literal.isPresent()) return List.of(literal.get());
        if (host.startsWith("[")) throw new UnknownHostException("invalid IPv6 literal " + host);
        List<InetAddress> found = lookup.lookup(host);
        if (found == null || found.isEmpty()) throw new UnknownHostException(host + ": no address");
        return List.copyOf(found);
    }

    /** Resolves {@code host} and checks each address for {@code port}; see {@link Resolution#allowed()}. */
    public Resolution resolve(String host, int port, AddressPolicy policy) throws UnknownHostException {
        List<InetAddress> addresses = resolveAll(host);
        List<Verdict> verdicts = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) verdicts.add(policy.check(a, port));
        return new Resolution(host, port, addresses, verdicts);
    }
}
