package dev.tollgate.gateway.cli;

import java.util.Map;
import java.util.Optional;

/** Finds implementations of the CLI's plug-in interfaces ({@link ServerLauncher}, ...). */
public interface Plugins {

    <T> Optional<T> find(Class<T> type);

    /** Fixed implementations by type; for tests and embedding. */
    static Plugins of(Map<Class<?>, Object> implementations) {
        Map<Class<?>, Object> copy = Map.copyOf(implementations);
        return new Plugins() {
            @Override public <T> Optional<T> find(Class<T> type) {
                return Optional.ofNullable(copy.get(type)).map(type::cast);
            }
        };
    }
}
