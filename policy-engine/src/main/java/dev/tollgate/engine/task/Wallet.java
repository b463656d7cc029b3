package dev.tollgate.engine.task;

import java.time.Instant;

/** A balance in integer cost units, never negative. */
public record Wallet(WalletScope scope, String id, long balance, Instant updatedAt) {}
