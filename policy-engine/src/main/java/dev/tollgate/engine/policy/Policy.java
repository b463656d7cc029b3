package dev.tollgate.engine.policy;

import java.util.Map;
import java.util.TreeMap;

/**
 * One policy: a YAML file of the policy dir, or one of the two built-ins.
 *
 * @param id           the policy's name, equal to its file name without {@code .yaml}
 * @param rules        the base rules (every seed field except {@code id} and {@code environments})
 * @param environments {@code environments}: environment name → overlay merged over {@code rules}
 * @param version      SHA-256 hex of the file's bytes; {@value #BUILTIN_VERSION} for the built-ins
 * @param builtin      true for {@code allow} and {@code deny}, which have no file
 */
public record Policy(String id, PolicyRules rules, Map<String, PolicyRules> environments, String version,
                     boolean builtin) {

    public static final String ALLOW_ID = "allow";
    public static final String DENY_ID = "deny";
    public static final String BUILTIN_VERSION = "builtin";

    /** Approves everything: pass-through traffic. */
    public static final Policy ALLOW = builtin(ALLOW_ID);
    /** Blocks everything. */
    public static final Policy DENY = builtin(DENY_ID);

    private static final int MAX_ID_LENGTH = 128;

    public Policy {
        environments = java.util.Collections.unmodifiableMap(new TreeMap<>(environments));
    }

    private static Policy builtin(String id) {
        return new Policy(id, PolicyRules.NONE, Map.of(), BUILTIN_VERSION, true);
    }

    /** The rules in force for {@code environment}: its overlay merged over the base, if it has one. */
    /**
     * Whether any environment's rules read the payload: the proxy buffers a body for inspection
     * only then, and refuses (413) one too large to inspect; otherwise it may stream it through.
     */
    public boolean readsPayload() {
        return rules.readsPayload() || environments.values().stream().anyMatch(PolicyRules::readsPayload);
    }

    public PolicyRules rulesFor(String environment) {
        PolicyRules overlay = environment == null ? null : environments.get(environment);
        return overlay == null ? rules : rules.overlaidWith(overlay);
    }

    public static boolean isReservedId(String id) { return ALLOW_ID.equals(id) || DENY_ID.equals(id); }

    /**
     * True when {@code id} is a policy name: {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}} without
     * {@code ..}. Anything else (a path, a NUL, a backslash) can never name a policy, so it is
     * never looked up, let alone resolved against the file system.
     */
    public static boolean isName(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || id.contains("..")) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
        }
        return true;
    }
}
