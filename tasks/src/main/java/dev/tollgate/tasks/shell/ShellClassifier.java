package dev.tollgate.tasks.shell;

import dev.tollgate.tasks.shell.classify.Analysis;
import dev.tollgate.tasks.shell.classify.Policy;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Shell governance (SPEC §7.4): parses a command with the bash grammar of
 * {@link dev.tollgate.tasks.shell.syntax.Parser} and classifies every command it contains.
 * Immutable and thread-safe; pure: it never touches the file system and never runs anything.
 *
 * <p>Decisions taken where the spec leaves room:
 * <ul>
 *   <li>The transparent wrappers {@code env nice nohup timeout stdbuf time command exec builtin
 *       xargs} need not be listed in allowed_commands; the command they wrap must be. Both are
 *       checked against blocked_commands. Privilege wrappers (sudo, doas, su, pkexec, runuser),
 *       shells and {@code find} must be allowed themselves.</li>
 *   <li>An empty allowed_commands allows nothing ("every command must match").</li>
 *   <li>blocked_commands entries also match when their tokens appear in order after the name
 *       ({@code git push origin --force}); a non-literal argument matches any blocked token and
 *       no allowed one.</li>
 *   <li>A blocked input whose reason is {@code invalid_command}, {@code parse_error} or
 *       {@code not_analysable} reports {@code risk_level: critical}: its risk has no bound.</li>
 *   <li>{@code root_read_only} also applies when a write targets a path inside a read_only
 *       root, not only when {@code cwd} is in one.</li>
 * </ul>
 */
public final class ShellClassifier {
    private final Policy policy;

    public ShellClassifier(ShellRules rules) {
        this.policy = new Policy(Objects.requireNonNull(rules, "rules"));
    }

    /** Classifies {@code command} as run in {@code cwd} (null: the first allowed root). */
    public ShellVerdict classify(String command, Path cwd) {
        Objects.requireNonNull(command, "command");
        return new Analysis(policy, cwd).run(command);
    }
}
