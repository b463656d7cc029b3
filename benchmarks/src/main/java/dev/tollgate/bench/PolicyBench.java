package dev.tollgate.bench;

import dev.tollgate.engine.policy.Evaluation;
import dev.tollgate.engine.policy.EvaluationRequest;
import dev.tollgate.engine.policy.PolicyEvaluator;
import dev.tollgate.engine.policy.PolicyRegistry;
import dev.tollgate.engine.policy.TermMatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Policy engine costs on the request path.
 *
 * <ul>
 *   <li>{@code decision}: one full evaluation (rate counts included) of a 1 KiB JSON payload under
 *       each example policy of {@code config/policies}; SampleTime, so JMH reports p99.</li>
 *   <li>{@code scan1MiB100Terms}: a 1 MiB text payload that contains none of 100 terms, so every
 *       word is visited (the worst case). Target: under 5 ms.</li>
 * </ul>
 *
 * Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar PolicyBench -f 1 -wi 2 -i 3}.
 */
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class PolicyBench {
    private static final String[] VOCABULARY = ("the a customer order account please thank you your issue has been "
            + "resolved we will refund legal team review request update payment invoice contact support reply "
            + "shipping delivery today tomorrow message email phone number address record import export data "
            + "report status pending approved details note follow up again soon best regards kind hello hi").split(" ");

    @State(Scope.Benchmark)
    public static class Decision {
        @Param({"support-reply", "crm-low-risk", "finance-high-risk", "schema-checked-email", "blog-publish"})
        public String policy;

        PolicyEvaluator evaluator;
        EvaluationRequest request;

        @Setup
        public void setUp() {
            PolicyRegistry registry = PolicyRegistry.load(examplePolicyDir());
            evaluator = new PolicyEvaluator(registry);
            String destination = registry.find(policy).orElseThrow().rules().destinations().get(0);
            request = EvaluationRequest.builder(policy, destination)
                    .payload(jsonPayload(1024))
                    .recordCount(1L)
                    .environment("development")
                    .sensitivityTags(List.of("pii"))
                    .build();
        }
    }

    @State(Scope.Benchmark)
    public static class Scan {
        TermMatcher terms;
        String payload;

        @Setup
        public void setUp() {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                // A third start with a word frequent in the text, so candidates are compared, never matched.
                list.add(i % 3 == 0 ? VOCABULARY[i % VOCABULARY.length] + " zq" + letters(i) : "forbidden" + letters(i));
            }
            terms = TermMatcher.of(list);
            payload = text(1 << 20, new Random(42));
            if (terms.firstMatch(payload).isPresent()) throw new IllegalStateException("payload must not match");
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Evaluation decision(Decision d) {
        return d.evaluator.evaluate(d.request).withRateCounts(3, 10);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Optional<String> scan1MiB100Terms(Scan s) {
        return s.terms.firstMatch(s.payload);
    }

    /** A JSON object of about {@code size} characters that passes every example policy's checks. */
    static String jsonPayload(int size) {
        String head = "{\"to\":\"customer@example.com\",\"amount\":42,\"body\":\"";
        return head + text(size - head.length() - 2, new Random(7)).replace('\n', ' ') + "\"}";
    }

    /** Plausible support-mail prose of exactly {@code size} characters, with punctuation and line breaks. */
    static String text(int size, Random random) {
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) {
            sb.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            int r = random.nextInt(20);
            sb.append(r == 0 ? ".\n" : r == 1 ? ", " : " ");
        }
        sb.setLength(size);
        return sb.toString();
    }

    private static String letters(int i) {
        return "" + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26);
    }

    /** {@code config/policies} of the repository, found from the working directory. */
    static Path examplePolicyDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("config").resolve("policies");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("run from the repository: config/policies not found");
    }
}
