package dev.tollgate.tasks.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Gateway ids: what a valid one looks like, and the default {@code gw-<host name>}. */
final class GatewayIds {
    static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private GatewayIds() {}

    static boolean isValid(String id) { return VALID.matcher(id).matches(); }

    /** {@code gw-} + the host name, made to fit {@link #VALID} (other characters become '-'). */
    static String defaultId() {
        String id = ("gw-" + hostName()).replaceAll("[^A-Za-z0-9._-]", "-");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    private static String hostName() {
        // The kernel's name first: InetAddress.getLocalHost() may wait on DNS at startup.
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) return h;
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
