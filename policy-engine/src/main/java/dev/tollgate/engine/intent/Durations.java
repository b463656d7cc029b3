package dev.tollgate.engine.intent;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Zehrava-style windows: {@code 45s}, {@code 30m}, {@code 1h}, {@code 2d}; at most 30 days. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})([smhd])");
    public static final Duration MAX = Duration.ofDays(30);

    private Durations() {}

    public static Optional<Duration> parse(String s) {
        if (s == null) return Optional.empty();
        Matcher m = FORM.matcher(s.trim());
        if (!m.matches()) return Optional.empty();
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero() || d.compareTo(MAX) > 0) return Optional.empty();
        return Optional.of(d);
    }
}
