package dev.tollgate.engine.policy;

import java.util.Optional;

/** Finds a policy by id; {@link PolicyRegistry} in production, a map in tests. */
@FunctionalInterface
public interface PolicyLookup {
    Optional<Policy> find(String id);
}
