package dev.tollgate.tasks.shell;

/** The outcome of classifying a command (SPEC §7.4 step 7). */
public enum ShellDecision {
    ALLOW, APPROVAL_REQUIRED, BLOCKED;

    public String wire() {
        return switch (this) {
            case ALLOW -> "allow";
            case APPROVAL_REQUIRED -> "approval_required";
            case BLOCKED -> "blocked";
        };
    }
}
