package dev.tollgate.tasks.files;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * One directory during a {@link PathResolver} walk. Every name passed in is a single path
 * component (never '/', '.', '..' or empty). Two implementations: {@link LstatDir} looks only
 * (the gate: "opens nothing"), {@link SecureDir} holds an open directory descriptor (operations).
 */
interface DirHandle extends AutoCloseable {
    /** The real absolute path of this directory, as the walk reached it. */
    Path path();

    /** Attributes of {@code name} in this directory without following a link; null when absent. */
    BasicFileAttributes lstat(String name) throws IOException;

    /** Attributes of this directory itself. */
    BasicFileAttributes self() throws IOException;

    /**
     * The sub-directory {@code name}, never following a link; {@code expected} are the attributes
     * the walk saw, so an implementation that opens can detect a swap between look and open.
     */
    DirHandle openDir(String name, BasicFileAttributes expected) throws IOException;

    /** The target of the link {@code name}. Untrusted: the walker re-validates whatever comes back. */
    String readLink(String name) throws IOException;

    @Override
    void close();

    /** Opens an allowed root (whose path is canonical by configuration). */
    @FunctionalInterface
    interface Opener {
        DirHandle openRoot(Path root) throws IOException;
    }

    /** Thrown when what was opened is not what was looked at (a race with the file system). */
    final class ChangedException extends IOException {
        ChangedException(String what) {
            super(what);
        }
    }
}
