package dev.tollgate.engine.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.util.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeyTest {
    @TempDir Path dir;

    @Test void createsAPrivateHexKeyOnceAndLoadsItAfterwards() throws Exception {
        Path data = dir.resolve("data");
        AuditKey created = AuditKey.loadOrCreate(data);
        Path file = data.resolve("audit.key");
        assertEquals(file, created.file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).matches("[0-9a-f]{64}\n"), "64 hex digits and a newline");
        assertEquals(created.fingerprint(), AuditKey.loadOrCreate(data).fingerprint());
        assertEquals(created.fingerprint(), AuditKey.load(file).fingerprint());
        assertNotEquals(created.fingerprint(), AuditKey.loadOrCreate(dir.resolve("other")).fingerprint());
    }

    @Test void refusesAKeyOthersCanRead() throws Exception {
        AuditKey.loadOrCreate(dir);
        Path file = dir.resolve("audit.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.NotPrivateException e = assertThrows(PrivateFiles.NotPrivateException.class,
                () -> AuditKey.loadOrCreate(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());
    }

    @Test void refusesAFileThatIsNotAKey() throws Exception {
        Path file = dir.resolve("audit.key");
        PrivateFiles.writeNew(file, "not a key\n".getBytes(StandardCharsets.US_ASCII));
        IOException e = assertThrows(IOException.class, () -> AuditKey.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test void loadNeverCreates() {
        assertThrows(IOException.class, () -> AuditKey.load(dir.resolve("audit.key")));
        assertTrue(Files.notExists(dir.resolve("audit.key")));
    }
}
