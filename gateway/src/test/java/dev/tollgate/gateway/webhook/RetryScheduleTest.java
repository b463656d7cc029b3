package dev.tollgate.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @RepeatedTest(20)
    void standardBackoffRetriesFirstWithinTenSecondsThenDoublesUpToAnHour() {
        Backoff b = Backoff.standard();
        Duration first = b.delayAfter(1);
        assertTrue(first.compareTo(Duration.ofSeconds(4)) >= 0 && first.compareTo(Duration.ofSeconds(10)) < 0, first.toString());
        Duration second = b.delayAfter(2);
        assertTrue(second.compareTo(Duration.ofSeconds(8)) >= 0 && second.compareTo(Duration.ofSeconds(12)) <= 0, second.toString());
        Duration sixth = b.delayAfter(6); // 5 s × 32 = 160 s ± 20%
        assertTrue(sixth.compareTo(Duration.ofSeconds(128)) >= 0 && sixth.compareTo(Duration.ofSeconds(192)) <= 0, sixth.toString());
        for (int n : new int[] {12, 40, 1000, Integer.MAX_VALUE}) {
            Duration d = b.delayAfter(n);
            assertTrue(d.compareTo(Duration.ofHours(1)) <= 0 && d.compareTo(Duration.ofMinutes(48)) >= 0, n + ": " + d);
        }
    }

    @Test
    void backoffRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.exponential(Duration.ZERO, Duration.ofHours(1), 0.1));
        assertThrows(IllegalArgumentException.class, () -> Backoff.exponential(Duration.ofHours(2), Duration.ofHours(1), 0.1));
        assertThrows(IllegalArgumentException.class, () -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofHours(1), 1.0));
    }

    @Test
    void nextAttemptIsClampedToTheDeadlineAndNullAfterIt() {
        Instant fired = Instant.parse("2026-01-01T00:00:00Z");
        RetrySchedule s = new RetrySchedule(Backoff.fixed(Duration.ofHours(1)), Duration.ofHours(24));
        assertEquals(fired.plus(Duration.ofHours(1)), s.nextAttempt(fired, 1, fired));
        Instant late = fired.plus(Duration.ofMinutes(23 * 60 + 30));
        assertEquals(fired.plus(Duration.ofHours(24)), s.nextAttempt(fired, 30, late));
        assertNull(s.nextAttempt(fired, 31, fired.plus(Duration.ofHours(24))));
        assertNull(s.nextAttempt(fired, 31, fired.plus(Duration.ofDays(3))));
    }

    @Test
    void standardScheduleKeepsTryingForADay() {
        Instant fired = Instant.parse("2026-01-01T00:00:00Z");
        RetrySchedule s = RetrySchedule.standard();
        Instant now = fired;
        int attempts = 1;
        Instant next;
        while ((next = s.nextAttempt(fired, attempts, now)) != null) {
            assertTrue(Duration.between(now, next).compareTo(Duration.ofHours(1)) <= 0);
            now = next;
            attempts++;
        }
        assertEquals(fired.plus(Duration.ofHours(24)), now, "last attempt at the deadline");
        assertTrue(attempts > 20 && attempts < 60, "attempts: " + attempts);
    }
}
