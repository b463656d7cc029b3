package dev.tollgate.proxy.destination;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One validated rule of {@code destinations:}.
 *
 * @param index       position in the list, 0-based (as in problem keys, {@code destinations[0]})
 * @param line        line of the rule in its file
 * @param name        logical destination, as named in policies
 * @param host        host pattern
 * @param port        required port, or null for any
 * @param methods     upper-case methods; empty for any
 * @param path        path glob, or null for any path
 * @param policy      policy id (whether it exists is checked against the policy registry)
 * @param policyLine  line of {@code policy}, for problems about it
 * @param recordCount JSON Pointer to the record count in the body, or null (one record)
 * @param pending     the rule's pending mode, or null for the proxy default
 */
public record DestinationRule(
        int index,
        int line,
        String name,
        HostPattern host,
        Integer port,
        List<String> methods,
        PathGlob path,
        String policy,
        int policyLine,
        String recordCount,
        Pending pending) {

    public DestinationRule {
        Objects.requireNonNull(name);
        Objects.requireNonNull(host);
        Objects.requireNonNull(policy);
        methods = List.copyOf(methods);
    }

    /** Host, port and method fit; the path is judged separately (it may be unclear). */
    boolean fitsHostPortMethod(String requestHost, int requestPort, String requestMethod) {
        return host.matches(requestHost)
                && (port == null || port == requestPort)
                && (methods.isEmpty() || methods.contains(requestMethod.toUpperCase(Locale.ROOT)));
    }

    /** Whether the answer depends on the request path. */
    boolean decidesOnPath() {
        return path != null && !path.matchesEverything();
    }

    /** {@code destinations[0] stripe.refund (line 5)}: how diagnostics name a rule. */
    public String describe() {
        return "destinations[" + index + "] " + name + " (line " + line + ")";
    }
}
