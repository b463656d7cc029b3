package dev.tollgate.engine.intent;

import java.util.Map;

/**
 * Figures behind {@code GET /v1/metrics}.
 *
 * @param byStatus               intents per current status
 * @param duplicates             proposals refused as duplicate_blocked (they create no intent)
 * @param avgApprovalLatencyMs   mean time from creation to approval over intents a person approved; 0 when none
 */
public record IntentCounts(Map<IntentStatus, Long> byStatus, long duplicates, long avgApprovalLatencyMs) {
    /** The store counter proposals refused as duplicate_blocked are counted in. */
    public static final String DUPLICATES_COUNTER = "duplicates";

    public long get(IntentStatus s) { return byStatus.getOrDefault(s, 0L); }

    public long total() { return byStatus.values().stream().mapToLong(Long::longValue).sum(); }
}
