package dev.tollgate.tasks.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory held open by descriptor ({@link SecureDirectoryStream}: openat/fstatat/unlinkat on
 * Linux). Names are resolved relative to the descriptor, so renaming or swapping any ancestor for a
 * symbolic link after we opened it changes nothing for us; every open passes NOFOLLOW_LINKS, so the
 * last component cannot be a link either (the kernel fails with ELOOP).
 */
final class SecureDir implements DirHandle {
    private final Path path;
    private final SecureDirectoryStream<Path> stream;
    private final boolean shared; // a cached root descriptor: never closed, never iterated

    private SecureDir(Path path, SecureDirectoryStream<Path> stream, boolean shared) {
        this.path = path;
        this.stream = stream;
        this.shared = shared;
    }

    /** A view of a cached root stream that {@link #close} leaves open (see {@link RootCache}). */
    static SecureDir shared(Path root, SecureDirectoryStream<Path> stream) {
        return new SecureDir(root, stream, true);
    }

    /** Fails closed when the platform has no SecureDirectoryStream: there is no safe fallback. */
    static SecureDirectoryStream<Path> openStream(Path dir) throws IOException {
        DirectoryStream<Path> ds = Files.newDirectoryStream(dir);
        if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
            ds.close();
            throw new SecureAccessUnavailable();
        }
        return sds;
    }

    static Path name(String name) {
        Path p = Path.of(name);
        // Defence in depth: an absolute or multi-component path would make the stream ignore its descriptor.
        if (p.isAbsolute() || p.getNameCount() != 1 || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a single path component: " + name);
        }
        return p;
    }

    @Override
    public Path path() {
        return path;
    }

    SecureDirectoryStream<Path> stream() {
        return stream;
    }

    @Override
    public BasicFileAttributes lstat(String name) throws IOException {
        try {
            return stream.getFileAttributeView(name(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public BasicFileAttributes self() throws IOException {
        return stream.getFileAttributeView(BasicFileAttributeView.class).readAttributes(); // fstat
    }

    @Override
    public SecureDir openDir(String name, BasicFileAttributes expected) throws IOException {
        // No identity re-check after the open (unlike files): O_NOFOLLOW means no link was followed
        // and fdopendir refuses a non-directory, so whatever directory now bears this name lives in
        // the directory we hold — inside the root, at the same path, under the same excludes. The
        // walk's lstat before the open is what keeps a FIFO from being opened (that would block).
        SecureDirectoryStream<Path> child = stream.newDirectoryStream(name(name), LinkOption.NOFOLLOW_LINKS);
        return new SecureDir(path.resolve(name), child, false);
    }

    /**
     * A fresh, owned stream on this same directory (openat ".", which is never a link), for
     * iterating: a directory stream can be iterated once, and a shared root must not be.
     */
    SecureDir reopen() throws IOException {
        return new SecureDir(path, stream.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS), false);
    }

    @Override
    public String readLink(String name) throws IOException {
        // There is no readlinkat in the JDK. Reading by path is racy, but the result is only a
        // candidate path that the walker screens, contains and re-walks from a root, never trusts.
        return Files.readSymbolicLink(path.resolve(name(name))).toString();
    }

    @Override
    public void close() {
        if (shared) return;
        try {
            stream.close();
        } catch (IOException ignored) {
            // closing a directory descriptor cannot lose data
        }
    }

    /** The platform cannot open by descriptor; every operation is refused. */
    static final class SecureAccessUnavailable extends IOException {
        SecureAccessUnavailable() {
            super("secure directory access (SecureDirectoryStream) is unavailable on this platform");
        }
    }
}
