package dev.tollgate.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RiskScorerTest {
    /** require_approval_over 100: the record factor starts above 100 records and reaches 0.3 at 200. */
    private static final PolicyRules THRESHOLD_100 =
            new PolicyRules(null, null, null, null, null, 100L, null, null, null);

    static Stream<Arguments> scores() {
        return Stream.of(
                Arguments.of("money destination", "stripe.refund", null, null, List.of(), 0.4),
                Arguments.of("ledger word anywhere", "quickbooks.journal", null, null, List.of(), 0.4),
                Arguments.of("data import destination", "salesforce.import", null, null, List.of(), 0.3),
                Arguments.of("other destination", "zendesk.reply", null, null, List.of(), 0.2),
                Arguments.of("no destination", null, null, null, List.of(), 0.2),
                Arguments.of("under the threshold adds nothing", "zendesk.reply", 50L, null, List.of(), 0.2),
                Arguments.of("at the threshold adds nothing", "zendesk.reply", 100L, null, List.of(), 0.2),
                Arguments.of("half way to twice the threshold", "zendesk.reply", 150L, null, List.of(), 0.35),
                Arguments.of("twice the threshold is the maximum", "zendesk.reply", 200L, null, List.of(), 0.5),
                Arguments.of("count far over the threshold is capped", "zendesk.reply", 10_000L, null, List.of(), 0.5),
                Arguments.of("value of exactly 1000 adds nothing", "zendesk.reply", null, 1000.0, List.of(), 0.2),
                Arguments.of("value above 1000", "zendesk.reply", null, 1000.01, List.of(), 0.4),
                Arguments.of("each known tag once", "zendesk.reply", null, null,
                        List.of("PII", "pii", "health", "marketing"), 0.4),
                Arguments.of("capped at 1", "stripe.refund", 500L, 5000.0, List.of("pii", "financial", "health", "legal"),
                        1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void scores(String name, String destination, Long records, Double value, List<String> tags, double expected) {
        assertEquals(expected, RiskScorer.score(destination, records, value, tags, THRESHOLD_100));
    }
}
