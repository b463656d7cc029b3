package dev.tollgate.proxy.route;

/** What a pending request gets: 202 and a client retry, or a held connection (SPEC §5.3). */
public enum PendingMode { HOLD, RETRY }
