package dev.tollgate.bench;

import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.policy.RootMode;
import dev.tollgate.tasks.shell.ShellClassifier;
import dev.tollgate.tasks.shell.ShellRules;
import dev.tollgate.tasks.shell.ShellVerdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Shell classification on the step path (SPEC §7.4). SampleTime, so JMH reports p50/p99.
 *
 * <ul>
 *   <li>{@code oneLine}: a typical agent command with a pipe, a wrapper and a redirection.
 *       Target: p99 under 200 µs.</li>
 *   <li>{@code script4KiB}: a ~4 KiB script with functions-free control flow, here-documents,
 *       substitutions and nested {@code bash -c}. Target: under 2 ms.</li>
 * </ul>
 *
 * Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar ShellBench -f 1 -wi 2 -i 3}.
 */
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ShellBench {
    static final String ONE_LINE = "timeout 60 git log --oneline -20 | grep -v WIP > /dev/null 2>&1 && npm test";

    @State(Scope.Benchmark)
    public static class Classifier {
        ShellClassifier classifier;
        String script;

        @Setup
        public void setUp() {
            classifier = new ShellClassifier(new ShellRules(
                    List.of("git", "ls", "cat", "rm", "echo", "npm test", "npm run test:*", "python", "psql", "curl", "find",
                            "xargs", "tar", "bash", "sh", "env", "timeout", "tee", "sed", "chmod", "mkdir", "touch", "cp", "mv",
                            "grep", "head", "wc", "test", "cd", "sort"),
                    List.of("sudo", "git push --force"), Set.of(RiskTier.DESTRUCTIVE, RiskTier.CRITICAL),
                    List.of("main", "master", "release/*"),
                    List.of(new AllowedRoot(Path.of("/srv/app"), RootMode.READ_WRITE), new AllowedRoot(Path.of("/srv/ro"), RootMode.READ_ONLY)),
                    p -> p.contains("/.env") || p.contains("/secrets/")));
            script = script4KiB();
            if (script.length() < 4000 || script.length() > 4400) throw new IllegalStateException("script is " + script.length());
            if (classifier.classify(script, null).decision() == null) throw new IllegalStateException();
        }
    }

    static String script4KiB() {
        String block = """
                # build and test one module
                cd /srv/app/module && echo "building $(basename "$PWD")"
                if test -f package.json; then
                  timeout 300 npm test 2>&1 | tee /dev/null | grep -v '^npm WARN' || echo "tests failed: $?"
                elif test -f setup.py; then
                  python -m pytest -q > /dev/null
                else
                  for f in src/*.txt; do wc -l "$f"; head -n 3 "$f" | sort; done
                fi
                case "$MODE" in
                  fast) echo fast ;;
                  *) find . -name '*.log' -type f | xargs grep -l ERROR || true ;;
                esac
                bash -c 'git status --short && git log --oneline -3'
                cat <<'EOF' | sh
                ls -la
                echo done
                EOF
                mkdir -p out && cp -n README.md out/ && echo "$(date) ok" > /dev/null
                """;
        StringBuilder sb = new StringBuilder();
        while (sb.length() + block.length() <= 4300) sb.append(block);
        return sb.toString();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ShellVerdict oneLine(Classifier c) {
        return c.classifier.classify(ONE_LINE, null);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ShellVerdict script4KiB(Classifier c) {
        return c.classifier.classify(c.script, null);
    }
}
