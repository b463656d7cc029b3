package dev.tollgate.proxy.address;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which resolved addresses Tollgate may connect to (upstreams and webhook receivers, SPEC 5.5 and
 * 4.4): public addresses always; any other class only inside a {@code proxy.allow_private}
 * range; Tollgate's own listeners never, even inside an allowed range, so a request cannot loop
 * back into the gateway (e.g. a webhook POSTing to its own approve route). Thread-safe.
 */
public final class AddressPolicy {
    public static final String PRIVATE_ADDRESS_BLOCKED = "private_address_blocked";
    public static final String OWN_LISTENER_BLOCKED = "own_listener_blocked";

    private final List<Cidr> allowPrivate;
    private final Set<InetSocketAddress> ownListeners;
    private final Set<Integer> ownPorts;
    private final Supplier<Set<InetAddress>> localAddresses;

    /**
     * @param allowPrivate non-public ranges that may nevertheless be reached
     * @param ownListeners the addresses Tollgate's listeners are bound to, with their actual
     *                     ports (after binding port 0); an unresolved address means "any"
     */
    public AddressPolicy(List<Cidr> allowPrivate, Set<InetSocketAddress> ownListeners) {
        this(allowPrivate, ownListeners, AddressPolicy::interfaceAddresses);
    }

    /** For tests: {@code localAddresses} replaces the enumeration of network interfaces. */
    AddressPolicy(List<Cidr> allowPrivate, Set<InetSocketAddress> ownListeners,
                  Supplier<Set<InetAddress>> localAddresses) {
        this.allowPrivate = List.copyOf(allowPrivate);
        this.ownListeners = Set.copyOf(ownListeners);
        this.ownPorts = this.ownListeners.stream().map(InetSocketAddress::getPort).collect(Collectors.toUnmodifiableSet());
        this.localAddresses = Objects.requireNonNull(localAddresses);
    }

    /** Public addresses only, no listeners to protect. */
    public static AddressPolicy publicOnly() { return new AddressPolicy(List.of(), Set.of()); }

    public List<Cidr> allowPrivate() { return allowPrivate; }

    public Set<InetSocketAddress> ownListeners() { return ownListeners; }

    public Verdict check(InetAddress address, int port) {
        Classification c = AddressClassifier.classify(address);
        if (isOwnListener(address, port, c)) return new Verdict(false, OWN_LISTENER_BLOCKED, address, port, c);
        if (c.isPublic() || isAllowedPrivate(address)) return new Verdict(true, null, address, port, c);
        return new Verdict(false, PRIVATE_ADDRESS_BLOCKED, address, port, c);
    }

    /**
     * An allow-list entry matches the address itself or the IPv4 address it carries, so
     * {@code 10.0.0.0/8} also admits {@code 64:ff9b::a00:1}, which reaches the same host.
     */
    private boolean isAllowedPrivate(InetAddress address) {
        Optional<? extends InetAddress> embedded = AddressClassifier.embeddedIpv4(address);
        for (Cidr cidr : allowPrivate) {
            if (cidr.contains(address) || embedded.map(cidr::contains).orElse(false)) return true;
        }
        return false;
    }

    /**
     * Deliberately broad: on a listener's port, any loopback or unspecified address (both reach
     * this host whatever the listener's bind address) or any address of a local interface
     * counts, not only the exact bind address.
     */
    private boolean isOwnListener(InetAddress address, int port, Classification c) {
        if (!ownPorts.contains(port)) return false;
        if (c == Classification.LOOPBACK || c == Classification.UNSPECIFIED) return true;
        InetAddress plain = AddressClassifier.embeddedIpv4(address).map(InetAddress.class::cast).orElse(address);
        for (InetSocketAddress l : ownListeners) {
            if (l.getPort() != port) continue;
            if (l.getAddress() == null || l.getAddress().equals(address) || l.getAddress().equals(plain)) return true;
        }
        Set<InetAddress> local = localAddresses.get();
        return local == null || local.contains(address) || local.contains(plain);
    }

    /** The host's interface addresses, read at each call so an address added later counts; null when unknown. */
    private static Set<InetAddress> interfaceAddresses() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(NetworkInterface::inetAddresses) // equality ignores a scope id such as %eth0
                    .collect(Collectors.toUnmodifiableSet());
        } catch (SocketException | RuntimeException e) {
            return null; // fail closed: treat the port as ours
        }
    }

    @Override public String toString() {
        return "AddressPolicy[allowPrivate=" + allowPrivate + ", ownListeners=" + ownListeners + "]";
    }
}
