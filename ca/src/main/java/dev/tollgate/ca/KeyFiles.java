package dev.tollgate.ca;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files of the CA: the private key created mode 0600 from its first byte (never readable by
 * others, not even for an instant), public files 0644, all written whole or not at all, and the
 * key refused when someone loosened its mode. POSIX file systems only. Kept in this module, not
 * shared with the engine's equivalent, so that {@code ca} depends on nothing of Tollgate's.
 */
public final class KeyFiles {
    static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFiles() {}

    /**
     * Creates {@code file} with {@code content} and mode {@code perms}, atomically, and never
     * replacing anything: the content goes to a temporary file in the same directory (created
     * with the mode already set), is synced, then linked into place; link(2) fails when the
     * target exists, where rename(2) would silently replace it.
     *
     * @throws FileAlreadyExistsException when {@code file} exists (another process won a race)
     */
    static void writeNew(Path file, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path tmp = writeTemp(file, content, perms);
        try {
            Files.createLink(file, tmp);
        } catch (UnsupportedOperationException e) {
            // No hard links here: an atomic rename after a check (a small race the link avoids).
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(file.toString());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(file);
    }

    /** Writes {@code file} atomically (temp file + ATOMIC_MOVE), replacing any previous version: for exports. */
    public static void writeReplacing(Path file, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path tmp = writeTemp(file, content, perms);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory(file);
    }

    /** A public file (certificate, bundle, export), mode 0644, replacing any previous version. */
    public static void writePublic(Path file, byte[] content) throws IOException {
        writeReplacing(file, content, PUBLIC);
    }

    /** @throws CaException naming the file and {@code chmod 600} when group or others have any access */
    static void checkPrivate(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            if (GROUP_OR_OTHER.contains(p)) {
                throw new CaException(file, file + " is accessible by group or others (mode " + octal(perms)
                        + "); it holds the CA's private key: run chmod 600 " + file);
            }
        }
    }

    /** Creates {@code dir} and missing parents mode 0700; existing directories are left as they are. */
    static void createPrivateDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) return;
        Path parent = abs.getParent();
        if (parent != null) createPrivateDirectories(parent);
        try {
            Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) throw e;
        }
    }

    static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) mode |= 1 << (8 - p.ordinal());
        return String.format("%04o", mode);
    }

    private static Path writeTemp(Path file, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        // Created 0600 whatever the final mode: nobody else can open it while it is being written.
        // Same directory as the target: the final link or rename must not cross file systems.
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PRIVATE));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            // Set explicitly: the umask could only have removed bits a public file needs.
            if (!perms.equals(PRIVATE)) Files.setPosixFilePermissions(tmp, perms);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** Makes the new directory entry durable; best effort where a directory cannot be opened. */
    private static void syncDirectory(Path file) {
        try (FileChannel ch = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Not every platform lets a directory be opened; the data itself was synced.
        }
    }
}
