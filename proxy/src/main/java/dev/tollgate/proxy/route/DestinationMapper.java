package dev.tollgate.proxy.route;

/**
 * Maps a proxied request to its logical destination and policy (SPEC §5.2). Called on Netty event
 * loops for every request: implementations must be fast and must never block (no file or network
 * I/O; reload files elsewhere and swap snapshots).
 */
@FunctionalInterface
public interface DestinationMapper {

    /**
     * @param method upper-case method; {@code CONNECT} for a tunnel decided on host and port alone
     * @param scheme {@code http} or {@code https}
     * @param host   lower-case host name or IP literal (IPv6 without brackets)
     * @param port   the request's port (the scheme's default when the URL names none)
     * @param path   the path without query, starting with {@code /}
     */
    Mapping map(String method, String scheme, String host, int port, String path);

    /**
     * @param destination        logical destination ({@code stripe.refund}, or {@code <host>.<scheme>})
     * @param policy             policy id; null when the request is blocked ({@code destination_not_allowed})
     * @param recordCountPointer JSON Pointer to an array or integer in the body giving the record count; nullable
     * @param pending            the rule's pending mode; null = the proxy's default
     */
    record Mapping(String destination, String policy, String recordCountPointer, PendingMode pending) {
        public boolean blocked() { return policy == null; }
    }

    /** Every request to {@code <host>.<scheme>} under one policy (null blocks everything); for tests and defaults. */
    static DestinationMapper everything(String policy) {
        return (method, scheme, host, port, path) -> new Mapping(host + "." + scheme, policy, null, null);
    }
}
