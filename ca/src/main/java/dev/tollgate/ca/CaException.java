package dev.tollgate.ca;

import java.nio.file.Path;

/**
 * The CA files cannot be used: the message names the file and says how to fix it, because it is
 * shown as is to an operator whose server refused to start.
 */
public final class CaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final boolean missingHalf;

    public CaException(Path file, String message) {
        this(file, message, false);
    }

    CaException(Path file, String message, boolean missingHalf) {
        super(message);
        this.file = file;
        this.missingHalf = missingHalf;
    }

    public CaException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.missingHalf = false;
    }

    /** The file at fault (or the CA directory when the whole CA is missing). */
    public Path file() { return file; }

    /** One of the two CA files exists without the other (possibly a creation in progress). */
    boolean missingHalf() { return missingHalf; }
}
