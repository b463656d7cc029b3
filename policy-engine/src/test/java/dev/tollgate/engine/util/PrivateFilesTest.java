package dev.tollgate.engine.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test void writeNewCreatesA0600FileAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("secret.key");
        PrivateFiles.writeNew(f, new byte[] {1, 2, 3});
        assertEquals("rw-------", mode(f));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        assertEquals(List.of("secret.key"), names());
    }

    @Test void writeNewNeverReplacesAnExistingFile() throws Exception {
        Path f = dir.resolve("secret.key");
        PrivateFiles.writeNew(f, new byte[] {1});
        assertThrows(FileAlreadyExistsException.class, () -> PrivateFiles.writeNew(f, new byte[] {2}));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(f));
        assertEquals(List.of("secret.key"), names());
    }

    @Test void writeReplacingReplacesAtomicallyAndKeeps0600() throws Exception {
        Path f = dir.resolve("ca.key");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.writeReplacing(f, new byte[] {9});
        assertEquals("rw-------", mode(f));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(f));
        assertEquals(List.of("ca.key"), names());
    }

    @Test void createEmptyIs0600AndReportsAnExistingFile() throws Exception {
        Path f = dir.resolve("tollgate.db");
        assertTrue(PrivateFiles.createEmpty(f));
        assertEquals("rw-------", mode(f));
        assertFalse(PrivateFiles.createEmpty(f));
    }

    @Test void checkPrivateRefusesGroupOrOtherAccessNamingTheFix() throws Exception {
        Path f = dir.resolve("admin.key");
        Files.writeString(f, "x");
        for (String loose : List.of("rw-r--r--", "rw----r--", "rw-r-----", "rw--w----")) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(loose));
            PrivateFiles.NotPrivateException e = assertThrows(PrivateFiles.NotPrivateException.class,
                    () -> PrivateFiles.checkPrivate(f), loose);
            assertTrue(e.getMessage().contains("chmod 600 " + f), e.getMessage());
            assertEquals(f, e.file());
        }
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(assertThrows(PrivateFiles.NotPrivateException.class, () -> PrivateFiles.checkPrivate(f))
                .getMessage().contains("mode 0644"));
        for (String tight : List.of("rw-------", "r--------")) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(tight));
            assertDoesNotThrow(() -> PrivateFiles.checkPrivate(f));
        }
    }

    @Test void createPrivateDirectoriesMakesMissingDirectories0700AndLeavesExistingOnes() throws Exception {
        Path shared = dir.resolve("shared");
        Files.createDirectory(shared, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path d = shared.resolve("a/b");
        PrivateFiles.createPrivateDirectories(d);
        assertEquals("rwx------", mode(shared.resolve("a")));
        assertEquals("rwx------", mode(d));
        assertEquals("rwxr-xr-x", mode(shared));
        assertDoesNotThrow(() -> PrivateFiles.createPrivateDirectories(d));
    }
}
