package dev.tollgate.tasks.service;

/**
 * What an approval is bound to besides the task context (§7.3): the exact {@code command} for a
 * shell step, or the canonical {@code path} and the SHA-256 {@code contentHash} of what would be
 * written (null when nothing is written) for a file step; and the working directory.
 */
public record ActionSubject(String command, String path, String contentHash, String cwd) {
    public static ActionSubject command(String command, String cwd) { return new ActionSubject(command, null, null, cwd); }

    public static ActionSubject file(String canonicalPath, String contentHash, String cwd) {
        return new ActionSubject(null, canonicalPath, contentHash, cwd);
    }
}
