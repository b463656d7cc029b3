package dev.tollgate.proxy.destination;

/**
 * The record count of a request body, or why there is none. Agent input never throws: the proxy
 * turns {@link Invalid} into a 400 (or a blocked decision) with the reason.
 */
public sealed interface RecordCount {

    /** @param count zero or more */
    record Counted(long count) implements RecordCount {
        public Counted {
            if (count < 0) throw new IllegalArgumentException("count must not be negative");
        }
    }

    /** @param reason one sentence naming the pointer and what was found, for the agent and the log */
    record Invalid(String reason) implements RecordCount {}
}
