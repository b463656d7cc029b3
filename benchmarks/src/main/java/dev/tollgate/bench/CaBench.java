package dev.tollgate.bench;

import dev.tollgate.ca.CertificateAuthority;
import dev.tollgate.ca.KeyAlgorithm;
import dev.tollgate.ca.Leaf;
import dev.tollgate.ca.LeafCache;
import dev.tollgate.ca.LeafMinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * Costs of TLS interception's certificates (SPEC §6). SampleTime, so JMH prints percentiles; read p0.50.
 *
 * <ul>
 *   <li>{@code mint}: a fresh P-256 key and a leaf signed by the CA (EC or RSA-3072), what the
 *       first CONNECT to a host pays. Target p50 under 5 ms with the default EC CA.</li>
 *   <li>{@code cacheHit}: what every later CONNECT to that host pays (host normalisation and
 *       lookup). Target under 0.2 ms.</li>
 * </ul>
 *
 * Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar CaBench -f 1 -wi 2 -i 3}.
 */
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CaBench {

    @State(Scope.Benchmark)
    public static class Minting {
        @Param({"EC", "RSA"})
        public String caKey;

        Path dir;
        LeafMinter minter;

        @Setup
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("cabench");
            minter = new LeafMinter(CertificateAuthority.loadOrCreate(dir.resolve("ca"), KeyAlgorithm.valueOf(caKey),
                    Clock.systemUTC(), "bench"), Clock.systemUTC());
        }

        @TearDown
        public void tearDown() throws IOException {
            delete(dir);
        }
    }

    @State(Scope.Benchmark)
    public static class Cached {
        Path dir;
        LeafCache<Leaf> cache;

        @Setup
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("cabench");
            LeafMinter minter = new LeafMinter(CertificateAuthority.loadOrCreate(dir.resolve("ca"), KeyAlgorithm.EC,
                    Clock.systemUTC(), "bench"), Clock.systemUTC());
            cache = new LeafCache<>(minter, Function.identity(), 10_000, Duration.ofDays(1), Clock.systemUTC());
            cache.get("api.example.com");
        }

        @TearDown
        public void tearDown() throws IOException {
            delete(dir);
        }
    }

    @Benchmark
    public Leaf mint(Minting s) {
        return s.minter.mint("api.example.com");
    }

    @Benchmark
    public Leaf cacheHit(Cached s) {
        return s.cache.get("api.example.com");
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
