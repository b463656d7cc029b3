package dev.tollgate.tasks.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.policy.RootMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileGateTest {
    @TempDir
    Path tmp;

    Fixture fx;
    FileGate gate;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(tmp);
        // symlinks used by the table
        Files.createSymbolicLink(fx.root.resolve("out-abs"), fx.outside.resolve("secret.txt"));
        Files.createSymbolicLink(fx.root.resolve("out-rel"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(fx.root.resolve("out-dir"), fx.outside);
        Files.createSymbolicLink(fx.root.resolve("evil-dir"), Path.of("../root-evil"));
        Files.createSymbolicLink(fx.root.resolve("to-env"), Path.of(".env"));
        Files.createSymbolicLink(fx.root.resolve("to-secrets"), Path.of("secrets"));
        Files.createSymbolicLink(fx.root.resolve("to-a"), Path.of("src/../a.txt"));
        Files.createSymbolicLink(fx.root.resolve("to-src"), fx.root.resolve("src"));
        Files.createSymbolicLink(fx.root.resolve("to-ro"), Path.of("../ro/notes.txt"));
        Files.createSymbolicLink(fx.root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(fx.root.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(fx.root.resolve("self"), Path.of("self/x"));
        Files.createSymbolicLink(fx.root.resolve("dangling"), Path.of("nowhere.txt"));
        Fixture.mkfifo(fx.root.resolve("pipe"));
        gate = new FileGate(fx.rules);
    }

    record Case(FileOp op, String path, Object expect) {}

    private static Case ok(FileOp op, String path, RiskTier risk) {
        return new Case(op, path, risk);
    }

    private static Case no(FileOp op, String path, FileReason reason) {
        return new Case(op, path, reason);
    }

    @Test
    void table() {
        String r = fx.root.toString();
        FileOp read = FileOp.READ_FILE_CHUNK;
        List<Case> cases = List.of(
                ok(read, "a.txt", RiskTier.SAFE),
                ok(read, r + "/a.txt", RiskTier.SAFE),
                ok(read, "./src//Main.java", RiskTier.SAFE),
                ok(FileOp.LIST_FILES, r, RiskTier.SAFE),
                ok(FileOp.LIST_FILES, "src", RiskTier.SAFE),
                ok(FileOp.SEARCH_FILES, ".", RiskTier.SAFE),
                ok(FileOp.READ_FILE_SUMMARY, "big.bin", RiskTier.SAFE),       // summary has no size limit
                ok(FileOp.WRITE_FILE, "new.txt", RiskTier.MODERATE),
                ok(FileOp.WRITE_FILE, "a.txt", RiskTier.DESTRUCTIVE),
                ok(FileOp.DELETE_FILE, "a.txt", RiskTier.DESTRUCTIVE),
                ok(read, "to-a", RiskTier.SAFE),                                 // relative link with '..' inside the root
                ok(read, "to-src/Main.java", RiskTier.SAFE),                     // absolute link inside the root
                ok(read, "to-ro", RiskTier.SAFE),                                // link into another root
                // the screen
                no(read, "", FileReason.INVALID_PATH),
                no(read, "../outside/secret.txt", FileReason.INVALID_PATH),
                no(read, "src/../../outside/secret.txt", FileReason.INVALID_PATH),
                no(read, "%2e%2e/outside/secret.txt", FileReason.INVALID_PATH),
                no(read, "%252e%252e/outside/secret.txt", FileReason.INVALID_PATH),
                no(read, "..\\outside\\secret.txt", FileReason.INVALID_PATH),
                no(read, "a.txt\u0000.png", FileReason.INVALID_PATH),
                no(read, "~/.ssh/id_rsa", FileReason.INVALID_PATH),
                no(read, "*.txt", FileReason.INVALID_PATH),
                // containment by components
                no(read, fx.outside + "/secret.txt", FileReason.OUTSIDE_ROOT),
                no(read, fx.evil + "/evil.txt", FileReason.OUTSIDE_ROOT),
                no(FileOp.LIST_FILES, fx.base.toString(), FileReason.OUTSIDE_ROOT),
                no(read, "/etc/passwd", FileReason.OUTSIDE_ROOT),
                // excludes, on the requested and on the real path
                no(read, ".env", FileReason.EXCLUDED),
                no(read, ".ENV", FileReason.EXCLUDED),
                no(read, ".ENV.local", FileReason.EXCLUDED),
                no(read, "secrets", FileReason.EXCLUDED),
                no(FileOp.LIST_FILES, "secrets", FileReason.EXCLUDED),
                no(read, "secrets/key.pem", FileReason.EXCLUDED),
                no(read, "secrets/missing", FileReason.EXCLUDED),                // excluded wins over not_found
                no(read, "nested/secrets/x.txt", FileReason.EXCLUDED),
                no(read, "to-env", FileReason.EXCLUDED),
                no(read, "to-secrets/key.pem", FileReason.EXCLUDED),
                // links out of the root: final and intermediate components
                no(read, "out-abs", FileReason.OUTSIDE_ROOT),
                no(read, "out-rel", FileReason.OUTSIDE_ROOT),
                no(read, "out-dir/secret.txt", FileReason.OUTSIDE_ROOT),
                no(FileOp.LIST_FILES, "out-dir", FileReason.OUTSIDE_ROOT),
                no(read, "evil-dir/evil.txt", FileReason.OUTSIDE_ROOT),
                no(read, "loop1", FileReason.INVALID_PATH),
                no(read, "self", FileReason.INVALID_PATH),
                no(read, "dangling", FileReason.NOT_FOUND),
                // existence and kinds
                no(read, "missing.txt", FileReason.NOT_FOUND),
                no(read, "no-dir/missing.txt", FileReason.NOT_FOUND),
                no(FileOp.WRITE_FILE, "no-dir/new.txt", FileReason.NOT_FOUND),
                no(FileOp.DELETE_FILE, "missing.txt", FileReason.NOT_FOUND),
                no(read, "a.txt/x", FileReason.NOT_FOUND),
                no(read, "src", FileReason.NOT_REGULAR_FILE),
                no(read, "pipe", FileReason.NOT_REGULAR_FILE),
                no(FileOp.READ_FILE_SUMMARY, "pipe", FileReason.NOT_REGULAR_FILE),
                no(FileOp.DELETE_FILE, "src", FileReason.NOT_REGULAR_FILE),
                no(FileOp.DELETE_FILE, "to-a", FileReason.NOT_REGULAR_FILE),      // never through a link
                no(FileOp.WRITE_FILE, "to-a", FileReason.NOT_REGULAR_FILE),
                no(FileOp.WRITE_FILE, "dangling", FileReason.NOT_REGULAR_FILE),  // create must not follow a final link
                no(FileOp.WRITE_FILE, r, FileReason.NOT_REGULAR_FILE),
                no(read, "big.bin", FileReason.TOO_LARGE),
                // read_only roots
                ok(read, fx.ro + "/notes.txt", RiskTier.SAFE),
                no(FileOp.WRITE_FILE, fx.ro + "/notes.txt", FileReason.READ_ONLY),
                no(FileOp.WRITE_FILE, fx.ro + "/new.txt", FileReason.READ_ONLY),
                no(FileOp.DELETE_FILE, fx.ro + "/notes.txt", FileReason.READ_ONLY),
                no(FileOp.DELETE_FILE, fx.ro + "/missing", FileReason.READ_ONLY));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            PathCheck got = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> gate.check(c.op(), c.path(), null));
            Object actual = got instanceof PathCheck.Allowed a ? a.risk() : ((PathCheck.Denied) got).reason();
            if (!actual.equals(c.expect())) failures.add(c + " -> " + got);
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
    }

    @Test
    void allowedPathIsCanonical() {
        PathCheck c = gate.check(FileOp.READ_FILE_CHUNK, "to-a", null);
        assertEquals(fx.root.resolve("a.txt").toString(), c.path());
        PathCheck d = gate.check(FileOp.READ_FILE_CHUNK, "to-src/Main.java", null);
        assertEquals(fx.root.resolve("src/Main.java").toString(), d.path());
        assertEquals(fx.root, ((PathCheck.Allowed) d).root().path());
    }

    @Test
    void cwdMustBeInsideARoot() {
        assertEquals(RiskTier.SAFE, ((PathCheck.Allowed) gate.check(FileOp.READ_FILE_CHUNK, "Main.java", fx.root.resolve("src"))).risk());
        assertEquals(FileReason.OUTSIDE_ROOT, denied(gate.check(FileOp.READ_FILE_CHUNK, "secret.txt", fx.outside)).reason());
        assertEquals(FileReason.OUTSIDE_ROOT, denied(gate.check(FileOp.READ_FILE_CHUNK, "evil.txt", fx.evil)).reason());
        assertEquals(FileReason.INVALID_PATH, denied(gate.check(FileOp.READ_FILE_CHUNK, "a", Path.of("relative"))).reason());
        assertEquals(FileReason.INVALID_PATH, denied(gate.check(FileOp.READ_FILE_CHUNK, "a.txt", fx.root.resolve("src/.."))).reason());
    }

    @Test
    void prefixTrapWhenTheEvilDirIsNamedLikeTheRoot() throws Exception {
        // a root "/x/app" and a sibling "/x/app-evil": string-prefix containment would let the sibling in
        Path app = Files.createDirectories(fx.base.resolve("app"));
        Path appEvil = Files.createDirectories(fx.base.resolve("app-evil"));
        Fixture.write(appEvil.resolve("f.txt"), Fixture.MARKER);
        Files.createSymbolicLink(app.resolve("sneaky"), Path.of("../app-evil/f.txt"));
        FileGate g = new FileGate(new FileRules(List.of(new AllowedRoot(app, RootMode.READ_ONLY)), List.of(), 100));
        assertEquals(FileReason.OUTSIDE_ROOT, denied(g.check(FileOp.READ_FILE_CHUNK, appEvil + "/f.txt", null)).reason());
        assertEquals(FileReason.OUTSIDE_ROOT, denied(g.check(FileOp.READ_FILE_CHUNK, "sneaky", null)).reason());
    }

    @Test
    void nestedRootsTheMostSpecificDecides() throws Exception {
        Path project = Files.createDirectories(fx.base.resolve("project"));
        Path scratch = Files.createDirectories(project.resolve("scratch"));
        FileGate g = new FileGate(new FileRules(List.of(new AllowedRoot(project, RootMode.READ_ONLY),
                new AllowedRoot(scratch, RootMode.READ_WRITE)), List.of(), 100));
        assertInstanceOf(PathCheck.Allowed.class, g.check(FileOp.WRITE_FILE, scratch + "/n.txt", null));
        assertEquals(FileReason.READ_ONLY, denied(g.check(FileOp.WRITE_FILE, project + "/n.txt", null)).reason());
    }

    @Test
    void fileOpWireNames() {
        for (FileOp op : FileOp.values()) assertEquals(op, FileOp.fromWire(op.wire()));
        assertEquals("read_file_chunk", FileOp.READ_FILE_CHUNK.wire());
        assertEquals("not_regular_file", FileReason.NOT_REGULAR_FILE.wire());
        assertEquals(true, FileOp.DELETE_FILE.writes());
        assertEquals(false, FileOp.SEARCH_FILES.writes());
    }

    private static PathCheck.Denied denied(PathCheck c) {
        return assertInstanceOf(PathCheck.Denied.class, c, () -> "expected a denial, got " + c);
    }
}
