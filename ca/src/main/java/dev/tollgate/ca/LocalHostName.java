package dev.tollgate.ca;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name, for the CA's CN: it tells a user whose CA a trust store holds. */
final class LocalHostName {
    private LocalHostName() {}

    static String get() {
        String name = null;
        try {
            // The kernel's name first: InetAddress.getLocalHost can wait on DNS for seconds.
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) name = Files.readString(proc).strip();
        } catch (Exception ignored) {
            // fall through
        }
        if (name == null || name.isEmpty()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                name = "localhost";
            }
        }
        StringBuilder sb = new StringBuilder();
        name.codePoints().filter(c -> c > 0x20 && c < 0x7f).forEach(sb::appendCodePoint);
        return sb.length() == 0 ? "localhost" : sb.toString();
    }
}
