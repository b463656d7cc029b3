package dev.tollgate.gateway.server;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process per data dir. The store's single writer holds the audit chain head in memory; a
 * second process on the same files would fork the chain. An OS lock dies with its process, so a
 * SIGKILLed server never leaves a stale lock behind.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE_NAME = "tollgate.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new ConfigException(new ConfigProblem(dataDir.toString(), 0, "data_dir",
                    "another Tollgate process is using this data dir (" + file + " is locked); stop it or use another --data-dir"));
        }
        return new DataDirLock(ch, lock);
    }

    @Override public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
