package dev.tollgate.proxy.exchange;

import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.AgentStatus;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.util.Json;
import java.time.Instant;
import java.util.List;

/**
 * The agent a proxied request is attributed to: from its key ({@code Proxy-Authorization}), or
 * the synthetic agent {@code anonymous} when {@code proxy.auth: optional} and no credentials were sent.
 */
public record Identity(String agentId, String agentName, Principal principal, List<String> allowedPolicies,
                       List<String> allowedDestinations) {
    public static final String ANONYMOUS = "anonymous";

    private static final Identity ANONYMOUS_IDENTITY = of(new Principal.AgentPrincipal(new Agent(ANONYMOUS, ANONYMOUS,
            null, "standard", AgentStatus.ACTIVE, null, null, null, Json.object(), Instant.EPOCH)));

    public static Identity anonymous() { return ANONYMOUS_IDENTITY; }

    public static Identity of(Principal.AgentPrincipal p) {
        Agent a = p.agent();
        return new Identity(a.id(), a.name(), p, a.allowedPolicies(), a.allowedDestinations());
    }

    /** Recorded as the actor of the intent's audit events. */
    public String actor() { return principal.actor(); }
}
