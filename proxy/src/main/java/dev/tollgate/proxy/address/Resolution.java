package dev.tollgate.proxy.address;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A host's addresses and the policy's verdict on each. The host may be reached only when every
 * address is allowed ({@link #allowed()}); the caller then connects to one of {@link #addresses()}
 * and never looks the name up again.
 */
public record Resolution(String host, int port, List<InetAddress> addresses, List<Verdict> verdicts) {

    public Resolution {
        addresses = List.copyOf(addresses);
        verdicts = List.copyOf(verdicts);
    }

    /**
     * No mixed answers: one refused address refuses the host, because a resolver that returns a
     * public and an internal address lets whoever controls the name choose which one is used.
     */
    public boolean allowed() { return !addresses.isEmpty() && verdicts.stream().allMatch(Verdict::allowed); }

    /** The first refused address's verdict, when the host is refused. */
    public Optional<Verdict> refusal() { return verdicts.stream().filter(v -> !v.allowed()).findFirst(); }
}
