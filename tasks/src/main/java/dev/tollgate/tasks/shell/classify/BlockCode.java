package dev.tollgate.tasks.shell.classify;

/**
 * Why an input is blocked, in order of precedence: when several apply, the earliest is reported
 * (a screen failure hides everything after it; not being analysable outranks list matches, since
 * list matches on an input we could not analyse mean little).
 */
public enum BlockCode {
    INVALID_COMMAND, PARSE_ERROR, NOT_ANALYSABLE, EXCLUDED_PATH, BLOCKED_COMMAND, NOT_ALLOWED_COMMAND, ROOT_READ_ONLY;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
