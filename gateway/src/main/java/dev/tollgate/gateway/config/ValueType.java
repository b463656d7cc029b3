package dev.tollgate.gateway.config;

import dev.tollgate.engine.config.YNode;
import java.util.Optional;

/**
 * One kind of setting value, read from text (flags and environment variables) or from a YAML
 * node. Bad input is reported to the {@link ProblemSite} and yields empty, so that one load
 * reports every problem at once.
 */
interface ValueType<T> {

    Optional<T> fromText(String text, ProblemSite at);

    Optional<T> fromYaml(YNode node, ProblemSite at);
}
