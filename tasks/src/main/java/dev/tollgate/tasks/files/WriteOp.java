package dev.tollgate.tasks.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * write_file, relative to the held parent directory descriptor.
 *
 * <ul>
 *   <li><b>Create</b>: {@code CREATE_NEW} (O_CREAT|O_EXCL, which never follows a link, plus
 *       NOFOLLOW_LINKS) directly on the name. Not via a temporary file: rename would silently
 *       replace a file that appeared meanwhile, turning an approved create into an overwrite.</li>
 *   <li><b>Overwrite</b>: write a temporary file in the same directory, then rename it over the
 *       name (renameat on the held descriptor). Readers see the old or the new content, never half;
 *       rename replaces the directory entry and never follows a link, so if the name was swapped for
 *       a link meanwhile, the link is replaced, not its target. The old file's permission bits are
 *       kept; owner, ACLs and hard links are not (documented trade-off).</li>
 * </ul>
 */
final class WriteOp {
    private static final SecureRandom RANDOM = new SecureRandom();

    private WriteOp() {}

    static FileResult run(Resolution.Found f, byte[] content, boolean overwrite) throws IOException {
        String path = f.realPath().toString();
        SecureDir dir = (SecureDir) f.parent();
        if (!f.exists()) {
            try {
                create(dir.stream(), f.name(), content);
            } catch (FileAlreadyExistsException e) {
                return new FileResult.Refused(path, FileReason.INVALID_PATH, "file appeared meanwhile; not overwritten");
            }
            return ok(path, content.length, true);
        }
        if (!overwrite) {
            return new FileResult.Refused(path, FileReason.INVALID_PATH, "file exists and overwrite was not requested");
        }
        replace(dir, f.name(), f.attrs(), content);
        return ok(path, content.length, false);
    }

    private static void create(SecureDirectoryStream<java.nio.file.Path> sds, String name, byte[] content) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
        try (SeekableByteChannel ch = sds.newByteChannel(SecureDir.name(name), options)) {
            writeAll(ch, content);
        }
    }

    private static void replace(SecureDir dir, String name, BasicFileAttributes looked, byte[] content) throws IOException {
        SecureDirectoryStream<java.nio.file.Path> sds = dir.stream();
        Set<PosixFilePermission> perms = sds.getFileAttributeView(SecureDir.name(name), PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes().permissions();
        String tmp = tempName(name);
        create(sds, tmp, new byte[0]);
        boolean renamed = false;
        try {
            sds.getFileAttributeView(SecureDir.name(tmp), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(perms);
            Set<OpenOption> options = Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try (SeekableByteChannel ch = sds.newByteChannel(SecureDir.name(tmp), options)) {
                writeAll(ch, content);
                if (ch instanceof FileChannel fc) fc.force(true); // durable before it becomes visible
            }
            BasicFileAttributes now = dir.lstat(name);
            if (now == null || !now.isRegularFile()) {
                throw new DirHandle.ChangedException("target changed before replace: " + dir.path().resolve(name));
            }
            sds.move(SecureDir.name(tmp), sds, SecureDir.name(name));
            renamed = true;
        } finally {
            if (!renamed) {
                try {
                    sds.deleteFile(SecureDir.name(tmp));
                } catch (IOException ignored) {
                    // best effort; the temporary name is unguessable and inside the root
                }
            }
        }
    }

    private static String tempName(String name) {
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        String base = ".tollgate-" + HexFormat.of().formatHex(r) + ".tmp";
        return base;
    }

    private static void writeAll(SeekableByteChannel ch, byte[] content) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) ch.write(buf);
    }

    private static FileResult ok(String path, int written, boolean created) {
        ObjectNode result = Json.object();
        result.put("path", path);
        result.put("bytes_written", written);
        result.put("created", created);
        return new FileResult.Ok(path, result, 0, written);
    }
}
