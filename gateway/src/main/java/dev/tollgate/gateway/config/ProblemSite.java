package dev.tollgate.gateway.config;

import dev.tollgate.engine.config.ConfigProblem;
import java.util.List;

/**
 * Where a raw setting value came from, and where problems with it are collected: a flag
 * ({@code --port}), an environment variable ({@code TOLLGATE_PORT}), a YAML key
 * ({@code config/tollgate.yaml:12: api.port}) or the built-in default.
 */
record ProblemSite(Kind kind, String source, int line, String key, List<ConfigProblem> sink) {

    enum Kind { FLAG, ENV, FILE, DEFAULT }

    void add(String message) {
        sink.add(new ConfigProblem(source, line, key, message));
    }

    /** A site for part of this value, e.g. item {@code [2]} of a YAML list on its own line. */
    ProblemSite child(String keySuffix, int childLine) {
        return new ProblemSite(kind, source, childLine, key + keySuffix, sink);
    }

    /** How another problem message refers to this value: "--port", "config/x.yaml:4", "the default". */
    String describe() {
        return switch (kind) {
            case FLAG, ENV -> source;
            case FILE -> line > 0 ? source + ":" + line : source;
            case DEFAULT -> "the default";
        };
    }
}
