package dev.tollgate.gateway.http;

import java.lang.System.Logger.Level;

/**
 * One DEBUG line per request: method, path (no query string: it may carry secrets), status, duration.
 * Never headers, so never a credential.
 */
final class AccessLog {
    private static final System.Logger LOG = System.getLogger("dev.tollgate.gateway.http.access");
    private static final int MAX_PATH = 200;

    private AccessLog() {
    }

    static void log(String method, String path, int status, long startNanos) {
        if (!LOG.isLoggable(Level.DEBUG)) {
            return; // the common case at thousands of requests per second: build nothing
        }
        long micros = (System.nanoTime() - startNanos) / 1_000;
        LOG.log(Level.DEBUG, method + " " + printable(path) + " " + status + " " + micros + "us");
    }

    /** The path is client-chosen: no control characters (forged log lines), and bounded. */
    static String printable(String path) {
        if (path == null) {
            return "-";
        }
        int length = Math.min(path.length(), MAX_PATH);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = path.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (path.length() > MAX_PATH) {
            out.append("...");
        }
        return out.toString();
    }
}
