package dev.tollgate.tasks.files;

import java.util.Locale;

/** Why a file operation was refused: the {@code reason_code} values of SPEC §7.5. */
public enum FileReason {
    /** The syntax screen, symlink loops and too many hops. */
    INVALID_PATH,
    OUTSIDE_ROOT,
    EXCLUDED,
    READ_ONLY,
    NOT_FOUND,
    /** A directory, FIFO, device, socket (or, for writes, a symbolic link) where a file is needed. */
    NOT_REGULAR_FILE,
    TOO_LARGE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
