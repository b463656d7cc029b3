package dev.tollgate.tasks.files;

import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import java.util.Objects;

/**
 * The verdict of {@link FileGate#check}. {@code path} is the canonical absolute path (symbolic
 * links resolved) when allowed, and the best normalised form known when denied.
 */
public sealed interface PathCheck {
    String path();

    /** Reads are {@code SAFE}; creating a file {@code MODERATE}; overwriting or deleting {@code DESTRUCTIVE}. */
    record Allowed(String path, AllowedRoot root, RiskTier risk) implements PathCheck {
        public Allowed {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(risk, "risk");
        }
    }

    record Denied(String path, FileReason reason, String detail) implements PathCheck {
        public Denied {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
