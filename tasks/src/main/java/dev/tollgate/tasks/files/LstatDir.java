package dev.tollgate.tasks.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory known only by its path: lstat and readlink, no descriptors. This is what lets
 * {@link FileGate#check} (and {@code tollgate files check}) decide without opening anything; it is
 * racy by nature, which is why {@link FileOperations} walks again with {@link SecureDir}.
 */
final class LstatDir implements DirHandle {
    /** A root must still be a real directory (not replaced by a link) for the look to mean anything. */
    static final Opener OPENER = root -> {
        BasicFileAttributes a = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) throw new ChangedException("allowed root is no longer a directory: " + root);
        return new LstatDir(root);
    };

    private final Path path;

    LstatDir(Path path) {
        this.path = path;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public BasicFileAttributes lstat(String name) throws IOException {
        try {
            return Files.readAttributes(path.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public BasicFileAttributes self() throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public DirHandle openDir(String name, BasicFileAttributes expected) {
        return new LstatDir(path.resolve(name));
    }

    @Override
    public String readLink(String name) throws IOException {
        return Files.readSymbolicLink(path.resolve(name)).toString();
    }

    @Override
    public void close() {}
}
