package dev.tollgate.tasks.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The service's part of {@code hosted_gateway}: this gateway's id, the approval window
 * ({@code shell.approval_timeout_seconds}) and whether steps are charged to wallets.
 */
public record TaskSettings(String gatewayId, Duration approvalTimeout, boolean walletsEnabled) {
    public TaskSettings {
        Objects.requireNonNull(gatewayId, "gatewayId");
        if (approvalTimeout == null || approvalTimeout.isNegative() || approvalTimeout.isZero()) {
            throw new IllegalArgumentException("approval timeout must be positive");
        }
    }
}
