package dev.tollgate.engine.policy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The seed's composite 0–1 risk signal. It helps reviewers triage the queue; it never changes a
 * decision. The sum of four factors, capped at 1.0 and rounded to two decimals:
 *
 * <ul>
 *   <li><b>Destination category</b>, from the words of the destination name (split at anything
 *       that is not a letter or digit, case-insensitive): 0.4 when a word is one of
 *       {@value #MONEY_WORDS_DOC}; else 0.3 when one is one of {@value #DATA_WORDS_DOC}; else 0.2.
 *       So {@code stripe.refund} is 0.4, {@code salesforce.import} 0.3, {@code zendesk.reply} 0.2.</li>
 *   <li><b>Record count</b>: nothing at or under the threshold (the policy's
 *       {@code require_approval_over}, else its {@code auto_approve_under}, else
 *       {@value #DEFAULT_RECORD_REFERENCE}), then growing linearly to 0.3 at twice the threshold:
 *       0.3 × (recordCount − threshold) / threshold, at most 0.3. A count within what the policy
 *       already accepts (one support reply) is not a risk signal; a batch far over it is. A threshold
 *       of 0 makes any record 0.3. No count: 0.</li>
 *   <li><b>Value</b>: +0.2 when {@code estimated_value_usd} is above 1,000.</li>
 *   <li><b>Sensitivity</b>: +0.1 for each distinct tag among pii, financial, health, legal
 *       (case-insensitive; other tags add nothing).</li>
 * </ul>
 */
public final class RiskScorer {
    static final String MONEY_WORDS_DOC = "finance, financial, payment, payments, pay, payout, refund, refunds, "
            + "ledger, invoice, invoices, billing, charge, charges, transfer, wire, bank, journal";
    static final String DATA_WORDS_DOC = "import, export, crm, contacts, database, db, sql, records, bulk";
    static final long DEFAULT_RECORD_REFERENCE = 1000;

    private static final Set<String> MONEY_WORDS = words(MONEY_WORDS_DOC);
    private static final Set<String> DATA_WORDS = words(DATA_WORDS_DOC);
    private static final Set<String> SENSITIVITY_TAGS = Set.of("pii", "financial", "health", "legal");

    private RiskScorer() {}

    /** The score for an intent under {@code rules} (the effective rules; null when the policy is unknown). */
    public static double score(String destination, Long recordCount, Double estimatedValueUsd,
                               List<String> sensitivityTags, PolicyRules rules) {
        double score = destinationFactor(destination)
                + recordFactor(recordCount, rules)
                + (estimatedValueUsd != null && estimatedValueUsd > 1000 ? 0.2 : 0)
                + 0.1 * distinctSensitivityTags(sensitivityTags);
        return Math.round(Math.min(1.0, score) * 100) / 100.0;
    }

    static double destinationFactor(String destination) {
        if (destination == null) return 0.2;
        Set<String> words = words(destination.toLowerCase(Locale.ROOT));
        if (words.stream().anyMatch(MONEY_WORDS::contains)) return 0.4;
        if (words.stream().anyMatch(DATA_WORDS::contains)) return 0.3;
        return 0.2;
    }

    private static double recordFactor(Long recordCount, PolicyRules rules) {
        if (recordCount == null || recordCount <= 0) return 0;
        Long threshold = rules == null ? null
                : rules.requireApprovalOver() != null ? rules.requireApprovalOver() : rules.autoApproveUnder();
        long reference = threshold != null ? threshold : DEFAULT_RECORD_REFERENCE;
        if (reference == 0) return 0.3;
        return 0.3 * Math.min(1.0, Math.max(0.0, (double) (recordCount - reference) / reference));
    }

    private static int distinctSensitivityTags(List<String> tags) {
        if (tags == null) return 0;
        Set<String> seen = new HashSet<>();
        for (String t : tags) {
            if (t != null) seen.add(t.trim().toLowerCase(Locale.ROOT));
        }
        seen.retainAll(SENSITIVITY_TAGS);
        return seen.size();
    }

    private static Set<String> words(String s) {
        return Arrays.stream(s.split("[^a-z0-9]+")).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }
}
