package dev.tollgate.engine.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Private files (keys, the database): created mode 0600 from the first byte, so no other user
 * can ever read them, not even for an instant; and refused when someone loosened their mode.
 * POSIX file systems only.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /** A private file that group or others can access. The message names the file and the fix. */
    public static final class NotPrivateException extends RuntimeException {
        private final Path file;

        public NotPrivateException(Path file, String mode) {
            super(file + " is accessible by group or others (mode " + mode + "); it holds private data: run chmod 600 "
                    + file);
            this.file = file;
        }

        public Path file() { return file; }
    }

    /**
     * Creates {@code file} with {@code content}, mode 0600, atomically: the content is written to
     * a 0600 temporary file in the same directory, synced, then linked into place, so readers see
     * either no file or the complete one. Fails with {@link FileAlreadyExistsException} when the
     * file exists: two processes racing to create a key must not both believe they won.
     */
    public static void writeNew(Path file, byte[] content) throws IOException {
        Path tmp = writeTemp(file, content);
        try {
            // link(2) fails when the target exists, unlike rename(2), which would replace it.
            Files.createLink(file, tmp);
        } catch (UnsupportedOperationException e) {
            // No hard links on this file system: rename, after a check (a small race the link avoids).
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(file.toString());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(file);
    }

    /** Writes {@code file} with {@code content}, mode 0600, atomically replacing any previous version. */
    public static void writeReplacing(Path file, byte[] content) throws IOException {
        Path tmp = writeTemp(file, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory(file);
    }

    /**
     * Creates an empty file with mode 0600 (O_CREAT|O_EXCL with the mode given at creation; a
     * umask can only remove bits). Returns false when the file already existed.
     */
    public static boolean createEmpty(Path file) throws IOException {
        try {
            Files.createFile(file, ownerReadWrite());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Refuses a file that group or others can read, write or execute. */
    public static void checkPrivate(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            if (GROUP_OR_OTHER.contains(p)) {
                throw new NotPrivateException(file, octal(perms));
            }
        }
    }

    /** Creates {@code dir} and its missing parents with mode 0700; existing directories are left as they are. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) return;
        Path parent = abs.getParent();
        if (parent != null) createPrivateDirectories(parent);
        try {
            Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(OWNER_RWX));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) throw e;
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerReadWrite() {
        return PosixFilePermissions.asFileAttribute(OWNER_RW);
    }

    private static Path writeTemp(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        // Same directory: the final link/rename must not cross file systems.
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", ownerReadWrite());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** Makes the new directory entry itself durable; best effort where directories cannot be opened. */
    private static void syncDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Not every platform lets a directory be opened; the data itself was already synced.
        }
    }

    private static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) mode |= 1 << (8 - p.ordinal());
        return String.format("%04o", mode);
    }
}
