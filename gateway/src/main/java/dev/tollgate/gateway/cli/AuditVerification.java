package dev.tollgate.gateway.cli;

/** Outcome of {@link AuditTool#verify}. */
public sealed interface AuditVerification {

    /** @param events number of events checked */
    record Verified(long events) implements AuditVerification {}

    /**
     * The first event that does not verify; everything after it is untrusted.
     *
     * @param reason what is wrong, e.g. "hash does not match" or "seq 41 is missing"
     */
    record Broken(long seq, String eventId, String reason) implements AuditVerification {}
}
