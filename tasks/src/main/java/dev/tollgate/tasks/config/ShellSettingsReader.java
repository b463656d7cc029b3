package dev.tollgate.tasks.config;

import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.engine.config.YNode;
import dev.tollgate.engine.config.YamlFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code hosted_gateway.shell}; absent keys take {@link ShellSettings#defaults()}. */
final class ShellSettingsReader {
    static final int MAX_TIMEOUT_SECONDS = 86_400;          // one day
    static final int MAX_OUTPUT_BYTES_LIMIT = 16 * 1024 * 1024; // per stream, held in memory and in the store
    private static final Set<String> FIELDS = Set.of("approval_timeout_seconds", "command_timeout_seconds",
            "max_output_bytes", "env", "protected_branches");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ShellSettingsReader() {}

    static ShellSettings read(YamlFields f) {
        ShellSettings d = ShellSettings.defaults();
        f.rejectUnknown(FIELDS);
        int approval = f.integer("approval_timeout_seconds", 1, MAX_TIMEOUT_SECONDS).map(Long::intValue)
                .orElse(d.approvalTimeoutSeconds());
        int command = f.integer("command_timeout_seconds", 1, MAX_TIMEOUT_SECONDS).map(Long::intValue)
                .orElse(d.commandTimeoutSeconds());
        int output = f.integer("max_output_bytes", 1, MAX_OUTPUT_BYTES_LIMIT).map(Long::intValue)
                .orElse(d.maxOutputBytes());
        Map<String, String> env = Items.section(f, "env").map(ShellSettingsReader::env).orElse(d.env());
        List<String> branches = Items.nonBlankStrings(f, "protected_branches").orElse(d.protectedBranches());
        return new ShellSettings(approval, command, output, env, branches);
    }

    /** Given, it is the whole environment (it replaces the default, it does not add to it). */
    private static Map<String, String> env(YamlFields e) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, YNode> entry : e.map().entries().entrySet()) {
            String name = entry.getKey();
            YNode value = entry.getValue();
            if (!ENV_NAME.matcher(name).matches()) {
                e.problem(name, "is not a valid variable name: letters, digits and '_', not starting with a digit");
            } else if (name.toUpperCase(Locale.ROOT).startsWith("TOLLGATE_")) {
                // The gateway's own settings and its admin key live under this prefix.
                e.problem(name, "TOLLGATE_* variables are the gateway's own settings and secrets;"
                        + " they never enter a command's environment");
            } else if (!(value instanceof YNode.YScalar s && s.type() == YNode.ScalarType.STRING)) {
                String hint = value instanceof YNode.YScalar s && s.text() != null ? " (quote it: \"" + s.text() + "\")" : "";
                e.problems().add(new ConfigProblem(e.source(), e.lineOf(name), e.path(name),
                        "must be a string, not " + value.kind() + hint));
            } else if (s.text().indexOf('\0') >= 0) {
                e.problem(name, "contains a NUL character");
            } else {
                out.put(name, s.text());
            }
        }
        return out;
    }
}
