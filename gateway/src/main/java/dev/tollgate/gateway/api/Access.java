package dev.tollgate.gateway.api;

import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The role matrix of SPEC §3, applied per route: a missing or unknown key is 401, a known key of
 * the wrong role 403. Agents see only their own intents ({@link #ownerScope}).
 */
final class Access {
    private Access() {}

    static Optional<Principal> principal(ApiRequest req) {
        return Optional.ofNullable(req.attr(Principal.class));
    }

    static Principal require(ApiRequest req, Role... roles) {
        Principal p = principal(req).orElseThrow(ApiException::unauthorized);
        if (Arrays.stream(roles).noneMatch(r -> r == p.role())) {
            throw ApiException.forbidden("this action needs the " + describe(roles) + " role; this key is "
                    + p.role().name().toLowerCase(java.util.Locale.ROOT));
        }
        return p;
    }

    private static String describe(Role... roles) {
        return String.join(" or ", Arrays.stream(roles).map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }

    /** The agent id an agent is confined to; empty for reviewers and the admin, who see everything. */
    static Optional<String> ownerScope(Principal p) {
        return p instanceof Principal.AgentPrincipal a ? Optional.of(a.agent().id()) : Optional.empty();
    }

    /** The id under which a principal proposes: an agent's id, or {@code admin}. */
    static String proposerId(Principal p) {
        return p instanceof Principal.AgentPrincipal a ? a.agent().id() : "admin";
    }
}
