package dev.tollgate.engine.task;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Wallet scopes, in cascade order: a step is paid by the first of user, team, org with enough. */
public enum WalletScope {
    USER, TEAM, ORG;

    public static final List<WalletScope> CASCADE = List.of(USER, TEAM, ORG);

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    /** The id of this scope's wallet for {@code identity}; null when the identity has none. */
    public String idFor(Identity identity) {
        return switch (this) {
            case USER -> identity.userId();
            case TEAM -> identity.teamId();
            case ORG -> identity.orgId();
        };
    }

    public static Optional<WalletScope> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
    }

    @Override public String toString() { return wire(); }
}
