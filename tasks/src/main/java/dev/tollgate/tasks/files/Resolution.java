package dev.tollgate.tasks.files;

import dev.tollgate.tasks.policy.AllowedRoot;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a {@link PathResolver} walk ended with. A {@link Found} owns open handles: close it. */
sealed interface Resolution extends AutoCloseable {
    @Override
    default void close() {}

    record Failed(PathCheck.Denied denied) implements Resolution {}

    /**
     * The final component. Either {@code parent} + {@code name} (attrs null when the name does not
     * exist), or — when the walk ended on a directory position such as a root — {@code self} with
     * {@code parent} and {@code name} null.
     *
     * @param realPath the canonical path (links resolved, except a final link not followed)
     * @param root     the most specific allowed root containing {@code realPath}
     */
    record Found(AllowedRoot root, Path realPath, DirHandle parent, String name, DirHandle self,
                 BasicFileAttributes attrs) implements Resolution {
        boolean exists() {
            return attrs != null;
        }

        @Override
        public void close() {
            if (parent != null) parent.close();
            if (self != null) self.close();
        }
    }
}
