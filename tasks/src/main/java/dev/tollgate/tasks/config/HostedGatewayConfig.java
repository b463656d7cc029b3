package dev.tollgate.tasks.config;

import java.util.Objects;

/**
 * The {@code hosted_gateway} section of {@code config/gateway.yaml} (SPEC §7.1), validated.
 * Read it with {@link HostedGatewayConfigLoader}.
 */
public record HostedGatewayConfig(String gatewayId, LocalAccess localAccess, ShellSettings shell, WalletSettings wallets) {
    public HostedGatewayConfig {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(localAccess, "localAccess");
        Objects.requireNonNull(shell, "shell");
        Objects.requireNonNull(wallets, "wallets");
    }

    /** What an empty file means: local access off, {@code gw-<host name>}, the §7.1 values. */
    public static HostedGatewayConfig defaults() {
        return new HostedGatewayConfig(GatewayIds.defaultId(), LocalAccess.defaults(), ShellSettings.defaults(),
                WalletSettings.defaults());
    }
}
