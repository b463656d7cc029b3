package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.shell.ShellRules;
import java.util.List;
import java.util.Set;

/** {@link ShellRules} compiled once for the hot path; immutable and shared by all classifications. */
public final class Policy {
    final ListMatcher allowed;
    final ListMatcher blocked;
    final List<String> protectedBranches;
    final PathRules paths;
    final Set<RiskTier> approvalLevels;

    public Policy(ShellRules rules) {
        this.allowed = new ListMatcher(rules.allowedCommands());
        this.blocked = new ListMatcher(rules.blockedCommands());
        this.protectedBranches = rules.protectedBranches();
        this.paths = new PathRules(rules.roots(), rules.excludedPath());
        this.approvalLevels = rules.approvalRequiredLevels();
    }

    boolean isProtected(String branch) {
        String b = branch.startsWith("refs/heads/") ? branch.substring("refs/heads/".length()) : branch;
        for (String p : protectedBranches) if (Glob.matches(p, b)) return true;
        return false;
    }
}
