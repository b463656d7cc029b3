package dev.tollgate.gateway.webhook;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A bounded wait: polls a condition until it holds or the deadline passes (no Awaitility here). */
final class Await {
    static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await() {}

    static void until(String what, BooleanSupplier condition) { until(what, DEFAULT, condition); }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
