package dev.tollgate.tasks.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** The outcome of a {@link FileOperations} call: a step result, or a refusal with its reason code. */
public sealed interface FileResult {
    String path();

    /** {@code result} is the step's {@code result} object; the byte counts feed audit and wallets. */
    record Ok(String path, ObjectNode result, long bytesRead, long bytesWritten) implements FileResult {
        public Ok {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(result, "result");
        }
    }

    record Refused(String path, FileReason reason, String detail) implements FileResult {
        public Refused {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        static Refused of(PathCheck.Denied d) {
            return new Refused(d.path(), d.reason(), d.detail());
        }
    }
}
