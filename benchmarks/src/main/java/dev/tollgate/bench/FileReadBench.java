package dev.tollgate.bench;

import dev.tollgate.tasks.files.FileOperations;
import dev.tollgate.tasks.files.FileResult;
import dev.tollgate.tasks.files.FileRules;
import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RootMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the file gate on a read: one 64 KiB text file (page-cached) read whole
 * <ul>
 *   <li>{@code governedReadChunk}: {@link FileOperations#readChunk} — screen, containment, excludes,
 *       the look-only gate walk, the descriptor walk from the root, NOFOLLOW open, identity
 *       re-check, size check, UTF-8 validation and the JSON result;</li>
 *   <li>{@code plainChannelRead}: {@code Files.newByteChannel} + read of the same bytes.</li>
 * </ul>
 * {@code plainReadAsResult} adds to the plain read what readChunk does after reading, so that
 * the difference is the gate and the walk alone. Target: governed within 2x of plain. {@code depth} puts the file directly in the root or two
 * directories below it; the spec's default exclude globs are configured.
 *
 * Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar FileReadBench -f 1 -wi 2 -i 3 -w 2 -r 2}.
 */
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class FileReadBench {
    static final int SIZE = 64 * 1024;

    /** Directories between the root and the file: each costs the JDK's descriptor walk ~8 system calls. */
    @Param({"0", "2"})
    public int depth;

    Path base;
    Path file;
    String relative;
    FileOperations ops;

    @Setup
    public void setUp() throws IOException {
        base = Files.createTempDirectory("filereadbench").toRealPath();
        Path root = Files.createDirectories(base.resolve("root"));
        relative = depth == 0 ? "Lines.txt" : "src/main/Lines.txt";
        file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder(SIZE);
        Random random = new Random(42);
        while (text.length() < SIZE) {
            text.append("line ").append(random.nextInt(1_000_000)).append(" of some ordinary source text\n");
        }
        Files.writeString(file, text.substring(0, SIZE), StandardCharsets.US_ASCII);
        ops = new FileOperations(new FileRules(List.of(new AllowedRoot(root, RootMode.READ_ONLY)),
                List.of("**/.env", "**/.env.*", "**/secrets/**"), 1 << 20));
        if (!(ops.readChunk(file.toString(), null, 0, SIZE) instanceof FileResult.Ok)) {
            throw new IllegalStateException("governed read refused");
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(base)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Benchmark
    public FileResult governedReadChunk() {
        return ops.readChunk(relative, null, 0, SIZE);
    }

    /**
     * The plain read plus what readChunk does after reading (strict UTF-8 decode, the JSON
     * result): the difference to {@code governedReadChunk} is the gate and the secure walk alone.
     */
    @Benchmark
    public com.fasterxml.jackson.databind.node.ObjectNode plainReadAsResult() throws IOException {
        ByteBuffer buf = plainChannelRead();
        String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .decode(buf.flip()).toString();
        com.fasterxml.jackson.databind.node.ObjectNode result =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        result.put("path", file.toString()).put("offset", 0).put("length", SIZE).put("size", SIZE).put("eof", true)
                .put("text", text);
        return result;
    }

    @Benchmark
    public ByteBuffer plainChannelRead() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SIZE);
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // fill
            }
        }
        return buf;
    }
}
