package dev.tollgate.gateway.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait after a failed attempt before the next one. */
@FunctionalInterface
public interface Backoff {

    /** @param failedAttempt 1-based number of the attempt that just failed */
    Duration delayAfter(int failedAttempt);

    /**
     * SPEC 4.4: first retry after about 5 s (always within 10 s), then doubling, capped at 1 h,
     * each delay varied by ±20% so receivers that failed together do not retry in lockstep.
     */
    static Backoff standard() { return exponential(Duration.ofSeconds(5), Duration.ofHours(1), 0.2); }

    /** {@code first * 2^(n-1)}, at most {@code cap}, times a random factor in {@code [1-jitter, 1+jitter]}, again at most {@code cap}. */
    static Backoff exponential(Duration first, Duration cap, double jitter) {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= cap");
        }
        if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("jitter must be in [0, 1)");
        return failedAttempt -> {
            int doublings = Math.min(Math.max(failedAttempt, 1) - 1, 40); // 2^40 × 1 ms is past any cap
            double base = Math.min((double) cap.toMillis(), first.toMillis() * Math.pow(2, doublings));
            double factor = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
            return Duration.ofMillis((long) Math.min(cap.toMillis(), base * factor));
        };
    }

    static Backoff fixed(Duration delay) { return failedAttempt -> delay; }
}
