package dev.tollgate.tasks.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOperationsTest {
    @TempDir
    Path tmp;

    Fixture fx;
    FileOperations ops;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(tmp);
        ops = new FileOperations(fx.rules);
    }

    @Test
    void readChunkText() {
        ObjectNode r = ok(ops.readChunk("a.txt", null, 0, 100));
        assertEquals("hello\nworld\n", r.get("text").asText());
        assertTrue(r.get("eof").asBoolean());
        assertEquals(12, r.get("size").asLong());
        ObjectNode part = ok(ops.readChunk("a.txt", null, 6, 3));
        assertEquals("wor", part.get("text").asText());
        assertFalse(part.get("eof").asBoolean());
        ObjectNode past = ok(ops.readChunk("a.txt", null, 100, 3));
        assertEquals("", past.get("text").asText());
        assertTrue(past.get("eof").asBoolean());
    }

    @Test
    void readChunkBinaryAndCutUtf8AreBase64() throws Exception {
        ObjectNode r = ok(ops.readChunk("bin.dat", null, 0, 100));
        assertFalse(r.has("text"));
        assertArrayEquals(Files.readAllBytes(fx.root.resolve("bin.dat")), Base64.getDecoder().decode(r.get("content_base64").asText()));
        Fixture.write(fx.root.resolve("u.txt"), "é"); // 2 bytes: reading 1 cuts the character
        assertTrue(ok(ops.readChunk("u.txt", null, 0, 1)).has("content_base64"));
        assertEquals("é", ok(ops.readChunk("u.txt", null, 0, 2)).get("text").asText());
    }

    @Test
    void readChunkAccounting() {
        FileResult.Ok r = assertInstanceOf(FileResult.Ok.class, ops.readChunk("a.txt", null, 0, 5));
        assertEquals(5, r.bytesRead());
        assertEquals(fx.root.resolve("a.txt").toString(), r.path());
    }

    @Test
    void maxFileBytes() throws Exception {
        assertRefused(FileReason.TOO_LARGE, ops.readChunk("big.bin", null, 0, 10));
        assertRefused(FileReason.TOO_LARGE, ops.readChunk("a.txt", null, 0, (int) Fixture.MAX + 1));
        Files.write(fx.root.resolve("exact.bin"), new byte[(int) Fixture.MAX]);
        assertEquals(Fixture.MAX, ok(ops.readChunk("exact.bin", null, 0, (int) Fixture.MAX)).get("length").asLong());
        assertRefused(FileReason.TOO_LARGE, ops.write("w.bin", null, new byte[(int) Fixture.MAX + 1], false));
        assertThrows(IllegalArgumentException.class, () -> ops.readChunk("a.txt", null, -1, 1));
    }

    @Test
    void summary() throws Exception {
        Files.setPosixFilePermissions(fx.root.resolve("a.txt"), PosixFilePermissions.fromString("rw-r-----"));
        ObjectNode r = ok(ops.summary("a.txt", null));
        assertEquals(12, r.get("size").asLong());
        assertEquals("rw-r-----", r.get("permissions").asText());
        assertEquals("text/plain", r.get("content_type").asText());
        assertTrue(r.get("modified").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), r.toString());
        assertFalse(r.has("text"));
        assertEquals("application/octet-stream", ok(ops.summary("bin.dat", null)).get("content_type").asText());
        Files.write(fx.root.resolve("img"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        assertEquals("image/png", ok(ops.summary("img", null)).get("content_type").asText());
        assertEquals("text/x-java", ok(ops.summary("src/Main.java", null)).get("content_type").asText());
    }

    @Test
    void listHidesExcludedEntries() throws Exception {
        Files.createSymbolicLink(fx.root.resolve("link"), Path.of("a.txt"));
        List<String> top = names(ok(ops.list(".", null, false, 0)));
        assertTrue(top.containsAll(List.of("a.txt", "src", "docs", "nested", "big.bin", "link")), top.toString());
        assertFalse(top.contains(".env") || top.contains(".ENV.local") || top.contains("secrets"), top.toString());
        List<String> all = paths(ok(ops.list(".", null, true, 0)));
        assertTrue(all.contains(fx.root.resolve("src/Main.java").toString()), all.toString());
        assertTrue(all.contains(fx.root.resolve("nested").toString()));
        for (String p : all) assertFalse(p.contains("secrets") || p.toLowerCase().contains(".env"), p);
        ObjectNode capped = ok(ops.list(".", null, true, 2));
        assertEquals(2, capped.get("entries").size());
        assertTrue(capped.get("truncated").asBoolean());
        assertEquals("symlink", entry(ok(ops.list(".", null, false, 0)), "link").get("type").asText());
    }

    @Test
    void listDoesNotFollowLinkedDirectoriesOut() throws Exception {
        Files.createSymbolicLink(fx.root.resolve("out"), fx.outside);
        List<String> all = paths(ok(ops.list(".", null, true, 0)));
        for (String p : all) assertFalse(p.contains("secret.txt"), p);
        assertRefused(FileReason.OUTSIDE_ROOT, ops.list("out", null, false, 0));
    }

    @Test
    void searchFindsAndHides() {
        ObjectNode r = ok(ops.search(".", null, "TODO", false, 0));
        List<String> hits = new ArrayList<>();
        for (JsonNode m : r.get("matches")) hits.add(Path.of(m.get("path").asText()).getFileName() + ":" + m.get("line") + ":" + m.get("column"));
        assertEquals(List.of("Main.java:2:6", "readme.md:2:1"), hits.stream().sorted().toList());
        ObjectNode secret = ok(ops.search(".", null, Fixture.MARKER, false, 0));
        assertEquals(0, secret.get("matches").size(), secret.toString()); // .env, secrets/** hidden, outside never visited
        ObjectNode regex = ok(ops.search("src", null, "T[O]+DO\\s+\\w+", true, 0));
        assertEquals(1, regex.get("matches").size());
        assertEquals("  // TODO fix", regex.get("matches").get(0).get("preview").asText());
        assertThrows(IllegalArgumentException.class, () -> ops.search(".", null, "(unclosed", true, 0));
        assertRefused(FileReason.EXCLUDED, ops.search("secrets", null, "x", false, 0));
    }

    @Test
    void searchSkipsTooLargeAndBinaryFiles() throws Exception {
        Files.write(fx.root.resolve("big.bin"), ("needle" + "x".repeat((int) Fixture.MAX)).getBytes(StandardCharsets.US_ASCII));
        Files.write(fx.root.resolve("bin.dat"), new byte[] {0, 'n', 'e', 'e', 'd', 'l', 'e'});
        Fixture.write(fx.root.resolve("ok.txt"), "a needle here");
        ObjectNode r = ok(ops.search(".", null, "needle", false, 0));
        assertEquals(1, r.get("matches").size(), r.toString());
        assertEquals(3, r.get("matches").get(0).get("column").asInt());
        assertTrue(r.get("files_skipped").asInt() >= 2);
    }

    @Test
    void regexSearchIsLinearTime() throws Exception {
        FileOperations bigger = new FileOperations(new FileRules(fx.rules.roots(), fx.rules.excludeGlobs(), 1 << 20));
        Files.write(fx.root.resolve("aaa.txt"), ("a".repeat(200_000) + "!").getBytes(StandardCharsets.US_ASCII));
        ObjectNode r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ok(bigger.search("aaa.txt", null, "(a+)+$", true, 0)));
        assertEquals(0, r.get("matches").size());
        ObjectNode hit = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ok(bigger.search("aaa.txt", null, "(a+)+!$", true, 0)));
        assertEquals(1, hit.get("matches").size());
        assertTrue(hit.get("matches").get(0).get("preview").asText().length() <= SearchOp.PREVIEW_CHARS + 2);
    }

    @Test
    void fifoIsRefusedWithoutBlocking() throws Exception {
        Fixture.mkfifo(fx.root.resolve("pipe"));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertRefused(FileReason.NOT_REGULAR_FILE, ops.readChunk("pipe", null, 0, 10));
            assertRefused(FileReason.NOT_REGULAR_FILE, ops.summary("pipe", null));
            assertRefused(FileReason.NOT_REGULAR_FILE, ops.delete("pipe", null));
            assertRefused(FileReason.NOT_REGULAR_FILE, ops.write("pipe", null, new byte[1], true));
            ok(ops.search(".", null, "x", false, 0));   // walks past the FIFO
            ok(ops.list(".", null, true, 0));
        });
    }

    @Test
    void createOverwriteDelete() throws Exception {
        FileResult.Ok created = assertInstanceOf(FileResult.Ok.class, ops.write("docs/new.txt", null, "v1".getBytes(), false));
        assertEquals(2, created.bytesWritten());
        assertTrue(created.result().get("created").asBoolean());
        assertEquals("v1", Files.readString(fx.root.resolve("docs/new.txt")));
        assertRefused(FileReason.INVALID_PATH, ops.write("docs/new.txt", null, "v2".getBytes(), false));
        Files.setPosixFilePermissions(fx.root.resolve("docs/new.txt"), PosixFilePermissions.fromString("rw-------"));
        assertFalse(ok(ops.write("docs/new.txt", null, "v2".getBytes(), true)).get("created").asBoolean());
        assertEquals("v2", Files.readString(fx.root.resolve("docs/new.txt")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.root.resolve("docs/new.txt"))));
        try (var s = Files.list(fx.root.resolve("docs"))) {
            assertEquals(List.of("new.txt", "readme.md"), s.map(p -> p.getFileName().toString()).sorted().toList(), "no temp file left");
        }
        assertTrue(ok(ops.delete("docs/new.txt", null)).get("deleted").asBoolean());
        assertFalse(Files.exists(fx.root.resolve("docs/new.txt")));
        assertRefused(FileReason.NOT_FOUND, ops.delete("docs/new.txt", null));
        assertRefused(FileReason.NOT_REGULAR_FILE, ops.delete("docs", null));
        assertRefused(FileReason.EXCLUDED, ops.write("app/.env", null, "x".getBytes(), false));
        assertRefused(FileReason.EXCLUDED, ops.write("secrets/new", null, "x".getBytes(), false));
    }

    @Test
    void writesNeverFollowLinks() throws Exception {
        Path target = fx.outside.resolve("victim.txt");
        Files.createSymbolicLink(fx.root.resolve("dangling"), target);            // create through a dangling link
        Files.createSymbolicLink(fx.root.resolve("to-secret"), fx.outside.resolve("secret.txt"));
        Files.createSymbolicLink(fx.root.resolve("out"), fx.outside);
        assertRefused(FileReason.NOT_REGULAR_FILE, ops.write("dangling", null, "x".getBytes(), false));
        assertRefused(FileReason.NOT_REGULAR_FILE, ops.write("dangling", null, "x".getBytes(), true));
        assertRefused(FileReason.NOT_REGULAR_FILE, ops.write("to-secret", null, "x".getBytes(), true));
        assertRefused(FileReason.NOT_REGULAR_FILE, ops.delete("to-secret", null));
        assertRefused(FileReason.OUTSIDE_ROOT, ops.write("out/new.txt", null, "x".getBytes(), false));
        assertRefused(FileReason.OUTSIDE_ROOT, ops.delete("out/secret.txt", null));
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
        assertEquals(Fixture.MARKER + "\n", Files.readString(fx.outside.resolve("secret.txt")));
        assertTrue(Files.isSymbolicLink(fx.root.resolve("to-secret")));
    }

    @Test
    void readOnlyRootRefusesWrites() throws Exception {
        assertRefused(FileReason.READ_ONLY, ops.write(fx.ro + "/notes.txt", null, "x".getBytes(), true));
        assertRefused(FileReason.READ_ONLY, ops.write(fx.ro + "/new.txt", null, "x".getBytes(), false));
        assertRefused(FileReason.READ_ONLY, ops.delete(fx.ro + "/notes.txt", null));
        Files.createSymbolicLink(fx.root.resolve("ro-dir"), fx.ro);               // through a link from a writable root
        assertRefused(FileReason.READ_ONLY, ops.write("ro-dir/new.txt", null, "x".getBytes(), false));
        assertEquals("read only\n", Files.readString(fx.ro.resolve("notes.txt")));
        assertFalse(Files.exists(fx.ro.resolve("new.txt")));
        assertEquals("read only\n", ok(ops.readChunk("notes.txt", fx.ro, 0, 100)).get("text").asText());
    }

    @Test
    void aReplacedRootIsNotServedFromTheOldDescriptor() throws Exception {
        assertEquals("hello\nworld\n", ok(ops.readChunk("a.txt", null, 0, 100)).get("text").asText());
        ok(ops.list(".", null, false, 0));
        ok(ops.list(".", null, false, 0));                 // the cached root is never iterated itself
        Path moved = fx.outside.resolve("moved-root");
        Files.move(fx.root, moved);
        Files.createDirectories(fx.root);
        Fixture.write(fx.root.resolve("a.txt"), "new root\n");
        assertEquals("new root\n", ok(ops.readChunk("a.txt", null, 0, 100)).get("text").asText());
        ok(ops.write("w.txt", null, "x".getBytes(), false));
        assertTrue(Files.exists(fx.root.resolve("w.txt")));
        assertFalse(Files.exists(moved.resolve("w.txt")), "a write must not land in the moved-away directory");
        Files.delete(fx.root.resolve("w.txt"));
        Files.delete(fx.root.resolve("a.txt"));
        Files.delete(fx.root);
        Files.createSymbolicLink(fx.root, moved);         // root replaced by a link: refused, not followed
        assertRefused(FileReason.INVALID_PATH, ops.readChunk("a.txt", null, 0, 100));
        assertInstanceOf(PathCheck.Denied.class, ops.gate().check(FileOp.READ_FILE_CHUNK, "a.txt", null));
    }

    @Test
    void refusalsCarryTheGateReason() {
        assertRefused(FileReason.INVALID_PATH, ops.readChunk("%2e%2e/outside/secret.txt", null, 0, 10));
        assertRefused(FileReason.OUTSIDE_ROOT, ops.readChunk(fx.evil + "/evil.txt", null, 0, 10));
        assertRefused(FileReason.EXCLUDED, ops.readChunk(".Env", null, 0, 10));
        assertRefused(FileReason.NOT_FOUND, ops.summary("nope", null));
    }

    static ObjectNode ok(FileResult r) {
        return assertInstanceOf(FileResult.Ok.class, r, () -> "expected Ok, got " + r).result();
    }

    static void assertRefused(FileReason reason, FileResult r) {
        FileResult.Refused refused = assertInstanceOf(FileResult.Refused.class, r, () -> "expected " + reason + ", got " + r);
        assertEquals(reason, refused.reason(), refused::toString);
    }

    private static List<String> names(ObjectNode listing) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : listing.get("entries")) out.add(e.get("name").asText());
        return out;
    }

    private static List<String> paths(ObjectNode listing) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : listing.get("entries")) out.add(e.get("path").asText());
        return out;
    }

    private static JsonNode entry(ObjectNode listing, String name) {
        for (JsonNode e : listing.get("entries")) if (e.get("name").asText().equals(name)) return e;
        throw new AssertionError("no entry " + name);
    }
}
