package dev.tollgate.engine.auth;

import dev.tollgate.engine.agent.Agent;
import dev.tollgate.engine.agent.Reviewer;

/** Who made a call, derived from its key only: never from anything in the request body. */
public sealed interface Principal {
    Role role();

    /** The name recorded as actor in audit events and as decider of intents. */
    String actor();

    record Admin() implements Principal {
        @Override public Role role() { return Role.ADMIN; }
        @Override public String actor() { return "admin"; }
    }

    record ReviewerPrincipal(Reviewer reviewer) implements Principal {
        @Override public Role role() { return Role.REVIEWER; }
        @Override public String actor() { return "reviewer:" + reviewer.name(); }
    }

    record AgentPrincipal(Agent agent) implements Principal {
        @Override public Role role() { return Role.AGENT; }
        @Override public String actor() { return agent.name(); }
    }

    default boolean canDecide() { return role() == Role.ADMIN || role() == Role.REVIEWER; }
}
