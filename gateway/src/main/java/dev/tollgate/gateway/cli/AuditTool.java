package dev.tollgate.gateway.cli;

import dev.tollgate.gateway.config.Settings;

/**
 * Offline audit chain verification for {@code tollgate audit verify}: reads the store and
 * {@code audit.key} named by the settings, without a running server. Found through {@link CliPlugins}.
 */
public interface AuditTool {

    /**
     * Checks every event's {@code prev_hash} and HMAC, in {@code seq} order, and that seq has no gaps.
     *
     * @throws Exception when the chain cannot be read at all (store or key missing): printed, exit 1
     */
    AuditVerification verify(Settings settings) throws Exception;
}
