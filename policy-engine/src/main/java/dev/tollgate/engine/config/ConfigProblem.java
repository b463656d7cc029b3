package dev.tollgate.engine.config;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration file or setting, located precisely enough for an
 * operator to fix it: printed as {@code file:line: key: message}.
 *
 * @param source file path, or a pseudo-source such as {@code --port} or {@code TOLLGATE_PORT}
 * @param line   1-based line, or 0 when not applicable
 * @param key    dotted key path inside the file ({@code field_checks[0].pattern}), or "" for the file itself
 */
public record ConfigProblem(String source, int line, String key, String message) {

    public static ConfigProblem at(Path file, int line, String key, String message) {
        return new ConfigProblem(file.toString(), line, key, message);
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) sb.append(':').append(line);
        sb.append(": ");
        if (!key.isEmpty()) sb.append(key).append(": ");
        return sb.append(message).toString();
    }
}
