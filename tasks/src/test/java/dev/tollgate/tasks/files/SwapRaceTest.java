package dev.tollgate.tasks.files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread keeps swapping a file and a directory inside the root for symbolic links to the outside
 * (where every file holds {@link Fixture#MARKER}) while reads, listings and searches run. Whatever
 * the interleaving, no byte of the outside may come back. Bounded by time (~2 s) and loop counts.
 */
class SwapRaceTest {
    private static final long RUN_NANOS = Duration.ofSeconds(2).toNanos();
    private static final int MAX_ROUNDS = 200_000;

    @TempDir
    Path tmp;

    @Test
    void swapsNeverLeakOutsideBytes() throws Exception {
        Fixture fx = new Fixture(tmp);
        Fixture.write(fx.outside.resolve("f.txt"), Fixture.MARKER);
        Path race = Files.createDirectories(fx.root.resolve("race"));
        Path file = race.resolve("file.txt");
        Path dir = race.resolve("dir");
        Path parked = race.resolve("dir.parked");
        Fixture.write(file, "safe file\n");
        Fixture.write(dir.resolve("f.txt"), "safe dir file\n");
        FileOperations ops = new FileOperations(fx.rules);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> swapperError = new AtomicReference<>();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            try {
                Path fileTmp = race.resolve("file.tmp");
                Path linkTmp = race.resolve("link.tmp");
                Path dirLinkTmp = race.resolve("dirlink.tmp");
                for (int i = 0; i < MAX_ROUNDS && !stop.get(); i++) {
                    // file: regular <-> link to the outside, each by an atomic rename over the name
                    Files.deleteIfExists(linkTmp);
                    Files.createSymbolicLink(linkTmp, fx.outside.resolve("secret.txt"));
                    Files.move(linkTmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Files.writeString(fileTmp, "safe file\n");
                    Files.move(fileTmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    // directory: park the real one, put a link to the outside in its place, then restore
                    Files.move(dir, parked, StandardCopyOption.ATOMIC_MOVE);
                    Files.deleteIfExists(dirLinkTmp);
                    Files.createSymbolicLink(dirLinkTmp, fx.outside);
                    Files.move(dirLinkTmp, dir, StandardCopyOption.ATOMIC_MOVE);
                    Thread.yield();
                    Files.delete(dir);
                    Files.move(parked, dir, StandardCopyOption.ATOMIC_MOVE);
                    swaps.incrementAndGet();
                }
            } catch (Throwable t) {
                swapperError.set(t);
            }
        }, "swapper");

        AtomicInteger okReads = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            swapper.start();
            try {
                long end = System.nanoTime() + RUN_NANOS;
                for (int i = 0; i < MAX_ROUNDS && System.nanoTime() < end; i++) {
                    for (FileResult r : new FileResult[] {
                            ops.readChunk("race/file.txt", null, 0, 100),
                            ops.readChunk("race/dir/f.txt", null, 0, 100),
                            ops.summary("race/dir/f.txt", null),
                            i % 8 == 0 ? ops.list("race", null, true, 100) : ops.list("race/dir", null, false, 100),
                            i % 8 == 0 ? ops.search("race", null, "O", false, 100) : ops.search("race/dir", null, "f", false, 100)}) {
                        assertNoLeak(r, fx);
                        if (r instanceof FileResult.Ok) okReads.incrementAndGet();
                        else refusals.incrementAndGet();
                    }
                }
            } finally {
                stop.set(true);
                swapper.join();
            }
        });
        if (swapperError.get() != null) throw new AssertionError("swapper failed", swapperError.get());
        assertTrue(swaps.get() > 10, "the swapper must actually race: " + swaps.get());
        assertTrue(okReads.get() > 0 && refusals.get() > 0,
                "both outcomes expected under the race: ok=" + okReads.get() + " refused=" + refusals.get());
    }

    private static void assertNoLeak(FileResult r, Fixture fx) {
        String s = r.toString();
        assertFalse(s.contains(Fixture.MARKER), s);
        assertFalse(s.contains(fx.outside.toString()), s);
        if (r instanceof FileResult.Ok ok) {
            JsonNode b64 = ok.result().get("content_base64");
            if (b64 != null) {
                String decoded = new String(Base64.getDecoder().decode(b64.asText()), StandardCharsets.ISO_8859_1);
                assertFalse(decoded.contains(Fixture.MARKER), decoded);
            }
            assertFalse(ok.path().startsWith(fx.outside.toString()), ok.path());
        }
    }
}
