package dev.tollgate.engine.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when configuration is refused; carries every problem found, not just the first. */
public final class ConfigException extends RuntimeException {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(ConfigProblem problem) { this(List.of(problem)); }

    public List<ConfigProblem> problems() { return problems; }
}
