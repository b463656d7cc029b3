package dev.tollgate.proxy.route;

/** A request target the proxy refuses, with the status and error code to answer. */
public final class BadTarget extends Exception {
    private final int status;
    private final String code;

    public BadTarget(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }

    public String code() { return code; }
}
