package dev.tollgate.tasks.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hosted_gateway.shell}. {@code env} is the whole environment of every command: it
 * replaces the default rather than adding to it, and never holds a {@code TOLLGATE_*} name.
 */
public record ShellSettings(int approvalTimeoutSeconds, int commandTimeoutSeconds, int maxOutputBytes,
                            Map<String, String> env, List<String> protectedBranches) {
    public static final int DEFAULT_APPROVAL_TIMEOUT_SECONDS = 300;
    public static final int DEFAULT_COMMAND_TIMEOUT_SECONDS = 120;
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 65536;
    public static final Map<String, String> DEFAULT_ENV = orderedEnv("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");
    public static final List<String> DEFAULT_PROTECTED_BRANCHES = List.of("main", "master", "release/*");

    public ShellSettings {
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env)); // keeps the file's order for display
        protectedBranches = List.copyOf(protectedBranches);
    }

    public static ShellSettings defaults() {
        return new ShellSettings(DEFAULT_APPROVAL_TIMEOUT_SECONDS, DEFAULT_COMMAND_TIMEOUT_SECONDS,
                DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_ENV, DEFAULT_PROTECTED_BRANCHES);
    }

    private static Map<String, String> orderedEnv(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
