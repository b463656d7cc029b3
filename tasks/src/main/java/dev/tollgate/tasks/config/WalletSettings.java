package dev.tollgate.tasks.config;

/** {@code hosted_gateway.wallets} (SPEC §7.7): whether steps cost anything, and how much. */
public record WalletSettings(boolean enabled, Costs costs) {
    public WalletSettings {
        java.util.Objects.requireNonNull(costs, "costs");
    }

    /** Cost per step in wallet units; 0 makes an operation free. */
    public record Costs(long shell, long fileReadPerMib, long fileWrite, long searchFiles) {
        public static Costs defaults() { return new Costs(10, 1, 2, 5); }
    }

    public static WalletSettings defaults() { return new WalletSettings(false, Costs.defaults()); }
}
