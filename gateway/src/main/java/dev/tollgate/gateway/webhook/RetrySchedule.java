package dev.tollgate.gateway.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When to try a failed delivery again: after {@link Backoff}, until {@code giveUpAfter} past the
 * moment the event fired. The last delay is shortened to end exactly at that deadline, so a
 * delivery is tried at the deadline itself before it is given up.
 */
public record RetrySchedule(Backoff backoff, Duration giveUpAfter) {
    public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofHours(24);

    public RetrySchedule {
        Objects.requireNonNull(backoff);
        if (giveUpAfter.isNegative()) throw new IllegalArgumentException("giveUpAfter must not be negative");
    }

    public static RetrySchedule standard() { return new RetrySchedule(Backoff.standard(), DEFAULT_GIVE_UP_AFTER); }

    /** The next attempt's time, or null to give up (also when {@code firedAt} is unknown: no deadline, no retry). */
    public Instant nextAttempt(Instant firedAt, int failedAttempt, Instant now) {
        if (firedAt == null) return null;
        Instant deadline = firedAt.plus(giveUpAfter);
        if (!now.isBefore(deadline)) return null;
        Instant next = now.plus(backoff.delayAfter(failedAttempt));
        return next.isAfter(deadline) ? deadline : next;
    }
}
