package dev.tollgate.engine.task;

/**
 * Who a task acts for (the dispatch contract's {@code identity_context}): every step, action,
 * wallet debit and audit event of the task is attributed to it. Any part may be null.
 */
public record Identity(String userId, String teamId, String orgId) {
    public static final Identity NONE = new Identity(null, null, null);
}
