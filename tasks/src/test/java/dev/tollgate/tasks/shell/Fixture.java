package dev.tollgate.tasks.shell;

import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.policy.RootMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The fixed rules every shell test classifies against. */
public final class Fixture {
    public static final List<String> ALLOWED = List.of("git", "ls", "cat", "rm", "echo", "npm test", "npm run test:*",
            "python", "psql", "curl", "find", "xargs", "tar", "bash", "sh", "env", "timeout", "tee", "sed", "chmod", "mkdir",
            "touch", "cp", "mv", "grep", "head", "wc", "terraform", "kubectl", "dd", "mkfs.*", "sort",
            "cd", "true", "test", "export", "printf", "sleep", "trap", "read");

    public static final ShellRules RULES = new ShellRules(ALLOWED, List.of("sudo", "git push --force"),
            Set.of(RiskTier.DESTRUCTIVE, RiskTier.CRITICAL), List.of("main", "master", "release/*"),
            List.of(new AllowedRoot(Path.of("/srv/app"), RootMode.READ_WRITE), new AllowedRoot(Path.of("/srv/ro"), RootMode.READ_ONLY)),
            p -> p.contains("/.env") || p.contains("/secrets/") || p.endsWith("/secrets"));

    public static final ShellClassifier CLASSIFIER = new ShellClassifier(RULES);

    private Fixture() {}
}
