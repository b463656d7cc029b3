package dev.tollgate.gateway.cli;

import dev.tollgate.engine.config.ConfigProblem;
import java.util.List;

/**
 * @param policies number of policy files that loaded (built-ins not counted)
 * @param problems empty when the directory is valid
 */
public record PolicyCheckResult(int policies, List<ConfigProblem> problems) {
    public PolicyCheckResult {
        problems = List.copyOf(problems);
    }
}
