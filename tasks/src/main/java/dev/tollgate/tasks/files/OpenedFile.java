package dev.tollgate.tasks.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;

/**
 * Opens a regular file for reading relative to a held directory descriptor, and proves it is the
 * file that was looked at. Attributes are read without following links before the open (so a FIFO
 * or device is never opened on purpose: opening a FIFO blocks), the open itself passes
 * NOFOLLOW_LINKS (a link swapped in fails with ELOOP), and the name is looked at again after the
 * open: the same file key (device + inode) and still a regular file, or the read is refused.
 */
final class OpenedFile implements AutoCloseable {

    final SeekableByteChannel channel;
    final BasicFileAttributes attrs;

    private OpenedFile(SeekableByteChannel channel, BasicFileAttributes attrs) {
        this.channel = channel;
        this.attrs = attrs;
    }

    /** @param looked the attributes seen by the walk (NOFOLLOW); must describe a regular file */
    static OpenedFile open(SecureDir dir, String name, BasicFileAttributes looked) throws IOException {
        if (looked == null || !looked.isRegularFile()) throw new DirHandle.ChangedException("not a regular file");
        Set<java.nio.file.OpenOption> options = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        SeekableByteChannel ch = dir.stream().newByteChannel(SecureDir.name(name), options);
        try {
            BasicFileAttributes after = dir.lstat(name);
            if (after == null || !after.isRegularFile() || !Objects.equals(after.fileKey(), looked.fileKey())) {
                throw new DirHandle.ChangedException("file changed while opening: " + dir.path().resolve(name));
            }
            return new OpenedFile(ch, after);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads up to {@code length} bytes at {@code offset}; fewer only at end of file. */
    byte[] read(long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        if (channel instanceof FileChannel fc) {
            long at = offset;                        // pread: no separate seek
            while (buf.hasRemaining()) {
                int n = fc.read(buf, at);
                if (n < 0) break;
                at += n;
            }
        } else {
            channel.position(offset);
            while (buf.hasRemaining()) {
                if (channel.read(buf) < 0) break;
            }
        }
        if (buf.position() == length) return buf.array();
        byte[] out = new byte[buf.position()];
        System.arraycopy(buf.array(), 0, out, 0, out.length);
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

}
