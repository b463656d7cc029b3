package dev.tollgate.tasks.policy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory agents may work under. {@code path} is absolute, normalised and canonical (the
 * configuration loader proves it with {@code toRealPath()} at startup).
 */
public record AllowedRoot(Path path, RootMode mode) {
    public AllowedRoot {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        if (!path.isAbsolute()) throw new IllegalArgumentException("root must be absolute: " + path);
    }

    /** True when {@code p} (absolute, normalised) is this root or below it, compared by components. */
    public boolean contains(Path p) {
        return p.normalize().startsWith(path);
    }
}
