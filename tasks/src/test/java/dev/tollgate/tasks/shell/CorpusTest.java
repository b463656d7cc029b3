package dev.tollgate.tasks.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.tasks.policy.RiskTier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classification corpus, {@code shell/corpus.tsv}: command, decision, tier, reason code
 * ({@code -} for none) and optionally cwd. In the command, {NL} {TAB} {CR} {NUL} {ZWSP} {RLO}
 * stand for characters a TSV line cannot hold or a reader could not see.
 */
class CorpusTest {
    record Row(int line, String command, ShellDecision decision, RiskTier tier, String code, Path cwd) {}

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(CorpusTest.class.getResourceAsStream("/shell/corpus.tsv")), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("##")) continue;
                String[] f = line.split("\t");
                if (f.length < 3) throw new IllegalStateException("corpus line " + n + ": expected at least 3 fields");
                String cmd = f[0].replace("{NL}", "\n").replace("{TAB}", "\t").replace("{CR}", "\r").replace("{NUL}", "\0")
                        .replace("{ZWSP}", "\u200b").replace("{RLO}", "\u202e");
                ShellDecision d = ShellDecision.valueOf(f[1].trim().toUpperCase());
                RiskTier t = RiskTier.fromWire(f[2].trim());
                String code = f.length > 3 && !f[3].trim().equals("-") ? f[3].trim() : null;
                Path cwd = f.length > 4 ? Path.of(f[4].trim()) : null;
                rows.add(new Row(n, cmd, d, t, code, cwd));
            }
        }
        return rows;
    }

    static Stream<Arguments> corpus() throws IOException {
        return rows().stream().map(r -> Arguments.of(r.line() + ": " + r.command().replace("\n", "\\n"), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void classifies(String name, Row row) {
        ShellVerdict v = Fixture.CLASSIFIER.classify(row.command(), row.cwd());
        String got = v.decision() + " " + v.riskLevel().wire() + " " + v.reasonCode() + "  " + v.reasons();
        assertEquals(row.decision() + " " + row.tier().wire() + " " + row.code(),
                v.decision() + " " + v.riskLevel().wire() + " " + v.reasonCode(), got);
    }

    @Test
    void corpusIsLargeAndMostlyBypassAttempts() throws IOException {
        List<Row> rows = rows();
        long notAllowed = rows.stream().filter(r -> r.decision() != ShellDecision.ALLOW).count();
        org.junit.jupiter.api.Assertions.assertTrue(rows.size() >= 180, "corpus has " + rows.size() + " rows");
        org.junit.jupiter.api.Assertions.assertTrue(notAllowed * 3 >= rows.size() * 2, "most rows must be refused or escalated");
    }
}
