package dev.tollgate.tasks.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.audit.CanonicalJson;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.util.Json;
import dev.tollgate.tasks.config.HostedGatewayConfig;
import dev.tollgate.tasks.config.LocalAccess;
import dev.tollgate.tasks.config.ShellSettings;
import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import java.util.Collection;
import java.util.TreeMap;

/**
 * The version of the effective {@code hosted_gateway} configuration: {@code hg-} + the first 16
 * hex digits of SHA-256 over its canonical JSON (RFC 8785). Every setting that can change a
 * verdict or a run is in it (roots and modes, globs, command lists, approval levels, limits, the
 * command environment, protected branches, wallet costs), so any such change gives another
 * version, and a pending action's digest, which covers the version, no longer matches at
 * execution: the step is refused ({@code digest_mismatch}) rather than run on a stale approval.
 */
public final class PolicyVersion {
    private PolicyVersion() {}

    public static String of(HostedGatewayConfig c) {
        return "hg-" + Hashing.sha256Hex(CanonicalJson.utf8(effective(c))).substring(0, 16);
    }

    /** The configuration as hashed (environment values included: they change what a command does). */
    static ObjectNode effective(HostedGatewayConfig c) {
        ObjectNode n = Json.object();
        n.put("gateway_id", c.gatewayId());
        LocalAccess la = c.localAccess();
        ObjectNode l = n.putObject("local_access");
        l.put("enabled", la.enabled());
        ArrayNode roots = l.putArray("allowed_roots");
        for (AllowedRoot r : la.roots()) roots.addObject().put("path", r.path().toString()).put("mode", r.mode().wire());
        l.put("max_file_bytes", la.maxFileBytes());
        strings(l.putArray("exclude_globs"), la.excludeGlobs());
        strings(l.putArray("allowed_commands"), la.allowedCommands());
        strings(l.putArray("blocked_commands"), la.blockedCommands());
        ArrayNode levels = l.putArray("approval_required_risk_levels");
        for (RiskTier t : RiskTier.values()) if (la.approvalRequiredLevels().contains(t)) levels.add(t.wire());
        ShellSettings sh = c.shell();
        ObjectNode s = n.putObject("shell");
        s.put("approval_timeout_seconds", sh.approvalTimeoutSeconds());
        s.put("command_timeout_seconds", sh.commandTimeoutSeconds());
        s.put("max_output_bytes", sh.maxOutputBytes());
        ObjectNode env = s.putObject("env");
        new TreeMap<>(sh.env()).forEach(env::put);
        strings(s.putArray("protected_branches"), sh.protectedBranches());
        ObjectNode w = n.putObject("wallets");
        w.put("enabled", c.wallets().enabled());
        w.putObject("costs").put("shell", c.wallets().costs().shell())
                .put("file_read_per_mib", c.wallets().costs().fileReadPerMib())
                .put("file_write", c.wallets().costs().fileWrite())
                .put("search_files", c.wallets().costs().searchFiles());
        return n;
    }

    private static void strings(ArrayNode a, Collection<String> values) { values.forEach(a::add); }

}
