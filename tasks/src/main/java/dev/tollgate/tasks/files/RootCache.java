package dev.tollgate.tasks.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one descriptor per allowed root open, so an operation does not pay open+dup+fdopendir+close
 * for the root every time (a third of a small read's system calls). Each use first lstat()s the
 * root's path: if what is there now is not the directory we hold (the root was moved or replaced),
 * a fresh descriptor is opened — a held descriptor must never keep serving a directory that is no
 * longer at the configured path (after {@code mv root /tmp/x}, writes would land outside the roots).
 * Replaced descriptors are left to other threads that may still be using them, not closed: a rare,
 * bounded leak against a use-after-close. The stream is shared read-only: the JDK's
 * SecureDirectoryStream guards its descriptor with a lock, and iteration always uses
 * {@link SecureDir#reopen()}.
 */
final class RootCache implements DirHandle.Opener {
    private record Held(SecureDirectoryStream<Path> stream, Object key) {}

    private final ConcurrentHashMap<Path, Held> held = new ConcurrentHashMap<>();

    @Override
    public DirHandle openRoot(Path root) throws IOException {
        BasicFileAttributes now = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!now.isDirectory()) throw new DirHandle.ChangedException("allowed root is no longer a directory: " + root);
        Held h = held.get(root);
        if (h != null && Objects.equals(h.key(), now.fileKey())) return SecureDir.shared(root, h.stream());
        SecureDirectoryStream<Path> sds = SecureDir.openStream(root);
        Object key = sds.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        if (key == null || !key.equals(now.fileKey())) {
            sds.close();
            throw new DirHandle.ChangedException("allowed root changed while opening: " + root);
        }
        Held mine = new Held(sds, key);
        Held winner = held.compute(root, (k, old) -> old != null && Objects.equals(old.key(), key) ? old : mine);
        if (winner != mine) sds.close(); // another thread cached the same directory first
        return SecureDir.shared(root, winner.stream());
    }
}
