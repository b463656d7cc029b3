package dev.tollgate.engine.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes policy files for tests. */
final class PolicyFiles {
    private PolicyFiles() {}

    static Path write(Path dir, String fileName, String yaml) {
        try {
            Path file = dir.resolve(fileName);
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's {@code config/policies}, found from the working directory (the module dir under Maven). */
    static Path examplePolicyDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("config").resolve("policies");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("config/policies not found above " + Path.of("").toAbsolutePath());
    }
}
