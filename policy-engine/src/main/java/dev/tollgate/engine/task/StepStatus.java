package dev.tollgate.engine.task;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Lifecycle of a step. Waiting states may still lead to a run; ended states are final.
 * {@link #APPROVED} means "authorised and paid for, about to start": a step stays there only for
 * the moment between its approval (or wallet credit) being committed and its start being
 * committed, or across a crash in that moment (then recovery starts it, once).
 */
public enum StepStatus {
    PENDING_APPROVAL, HELD_INSUFFICIENT_BALANCE, APPROVED, RUNNING,
    COMPLETED, FAILED, BLOCKED, STOPPED_BY_USER, EXPIRED, INTERRUPTED, CANCELLED;

    /** States an agent long-polls through (§7.2): the step has not ended yet. */
    public static final Set<StepStatus> WAITING =
            Set.copyOf(EnumSet.of(PENDING_APPROVAL, HELD_INSUFFICIENT_BALANCE, APPROVED, RUNNING));
    /** States in which the step has not started and may still be cancelled, denied or expired. */
    public static final Set<StepStatus> NOT_STARTED =
            Set.copyOf(EnumSet.of(PENDING_APPROVAL, HELD_INSUFFICIENT_BALANCE, APPROVED));

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public boolean waiting() { return WAITING.contains(this); }

    public boolean ended() { return !waiting(); }

    public static Optional<StepStatus> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
    }

    @Override public String toString() { return wire(); }
}
