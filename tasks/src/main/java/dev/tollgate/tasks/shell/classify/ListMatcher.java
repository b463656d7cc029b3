package dev.tollgate.tasks.shell.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * allowed_commands / blocked_commands entries (SPEC §7.4 step 5): a token prefix of the normalised
 * argv, where {@code *} inside a token matches any characters. Compiled once.
 *
 * <p>An argument that is not literal can never satisfy an allow entry's token (it might be
 * anything), but it always satisfies a block entry's token, for the same reason. Block entries
 * also match when their tokens appear in order after the name, not only as a prefix, so that
 * {@code git push origin --force} is caught by {@code git push --force}: widening a deny list
 * is safe, and option order is not meaningful to the commands concerned.
 */
final class ListMatcher {
    private final List<String[]> entries = new ArrayList<>();

    ListMatcher(List<String> patterns) {
        for (String p : patterns) {
            String[] tokens = p.trim().split("\\s+");
            if (tokens.length > 0 && !tokens[0].isEmpty()) entries.add(tokens);
        }
    }

    /** The allow entry matching {@code argv} (null values are dynamic), or null. */
    String matchPrefix(List<String> argv) {
        outer:
        for (String[] e : entries) {
            if (e.length > argv.size()) continue;
            for (int i = 0; i < e.length; i++) {
                String a = argv.get(i);
                if (a == null || !Glob.matches(e[i], a)) continue outer;
            }
            return String.join(" ", e);
        }
        return null;
    }

    /** The block entry matching {@code argv} as a prefix or as an ordered subsequence after the name. */
    String matchBlocked(List<String> argv) {
        for (String[] e : entries) {
            if (argv.isEmpty() || argv.get(0) == null || !Glob.matches(e[0], argv.get(0))) continue;
            int j = 1;
            for (int i = 1; i < argv.size() && j < e.length; i++) {
                String a = argv.get(i);
                if (a == null || Glob.matches(e[j], a)) j++;
            }
            if (j == e.length) return String.join(" ", e);
        }
        return null;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }
}
