package dev.tollgate.proxy.hold;

/**
 * One held request as {@code GET /v1/proxy/held} lists it (SPEC §5.4).
 *
 * @param type      {@code http} or {@code https}
 * @param createdAt epoch ms when the hold began
 * @param expiresAt epoch ms when the hold times out (504), as Zehrava Gate reports it
 * @param url       absolute URL with query values removed
 * @param heldMs    how long it has been held, at the time of the listing
 * @param client    the client's address and port
 */
public record HeldView(String intentId, String method, String hostname, String path, String type, long createdAt,
                       long expiresAt, String url, String agentId, String agentName, String destination,
                       String policy, long heldMs, String client) {

    public HeldView at(long nowMillis) {
        return new HeldView(intentId, method, hostname, path, type, createdAt, expiresAt, url, agentId, agentName,
                destination, policy, Math.max(0, nowMillis - createdAt), client);
    }
}
