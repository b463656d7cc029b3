package dev.tollgate.proxy.destination;

import java.util.Locale;
import java.util.Optional;

/** A rule's {@code pending}: hold the connection while the intent is pending, or answer 202 and let the client retry. */
public enum Pending {
    HOLD, RETRY;

    /** As written in YAML. */
    public String yaml() { return name().toLowerCase(Locale.ROOT); }

    /** Exactly {@code hold} or {@code retry}. */
    public static Optional<Pending> fromYaml(String text) {
        for (Pending p : values()) if (p.yaml().equals(text)) return Optional.of(p);
        return Optional.empty();
    }
}
