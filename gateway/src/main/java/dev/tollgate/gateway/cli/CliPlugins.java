package dev.tollgate.gateway.cli;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the CLI finds the parts other modules implement. An implementation registered here wins;
 * otherwise the first {@link ServiceLoader} provider, declared in
 * {@code META-INF/services/dev.tollgate.gateway.cli.ServerLauncher} (or {@code .PolicyChecker},
 * {@code .AuditTool}) with a public no-argument constructor. The service file is the way for the
 * jar (whose main class is {@link TollgateCli}); {@link #register} is for code that starts the
 * CLI itself.
 */
public final class CliPlugins {
    private static final Map<Class<?>, Object> REGISTERED = new ConcurrentHashMap<>();

    private CliPlugins() {}

    public static <T> void register(Class<T> type, T implementation) {
        REGISTERED.put(type, type.cast(implementation));
    }

    /** Undoes {@link #register}; for tests that must not leave a registration behind. */
    static void unregister(Class<?> type) {
        REGISTERED.remove(type);
    }

    /** Registered implementations first, then service providers. */
    public static Plugins standard() {
        return new Plugins() {
            @Override public <T> Optional<T> find(Class<T> type) {
                Object registered = REGISTERED.get(type);
                if (registered != null) return Optional.of(type.cast(registered));
                return ServiceLoader.load(type).findFirst();
            }
        };
    }
}
