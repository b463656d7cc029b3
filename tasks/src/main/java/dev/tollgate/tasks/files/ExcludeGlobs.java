package dev.tollgate.tasks.files;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiled {@code exclude_globs} (SPEC §7.5).
 *
 * <p>Matching rules, chosen so that the excludes never depend on which root a caller has in hand
 * (the shell classifier uses the same object as the file gate):
 * <ul>
 *   <li>Both the glob and the path are NFKC-normalised and case-folded ({@link TextFold}).</li>
 *   <li>A glob starting with '/' is matched against the absolute path.</li>
 *   <li>Any other glob is matched against the path relative to <em>every</em> ancestor directory —
 *       a superset of "relative to each root that contains it". So {@code x}, {@code **}{@code /x}
 *       and {@code secrets/**} match at any depth (as in .gitignore for slash-free patterns); an
 *       over-broad match only hides more, never less.</li>
 *   <li>A glob that matches a directory excludes everything below it (the path or any ancestor).</li>
 * </ul>
 * Matching is RE2 (linear time): the path is agent-controlled and up to 4 KiB.
 */
public final class ExcludeGlobs {
    private static final ExcludeGlobs NONE = new ExcludeGlobs(List.of(), null, null);

    private final List<String> globs;
    private final Pattern pattern; // null when there are no globs
    /** One necessary literal per glob, or null when some glob has none (then the regex always runs). */
    private final String[] required;

    private ExcludeGlobs(List<String> globs, Pattern pattern, String[] required) {
        this.globs = globs;
        this.pattern = pattern;
        this.required = required;
    }

    /** @throws IllegalArgumentException naming the first glob that cannot be parsed */
    public static ExcludeGlobs compile(List<String> globs) {
        if (globs == null || globs.isEmpty()) return NONE;
        List<String> relative = new ArrayList<>();
        List<String> absolute = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        for (String raw : globs) {
            if (raw == null || raw.isBlank()) throw new IllegalArgumentException("bad exclude glob '" + raw + "': empty");
            String g = TextFold.fold(raw.strip());
            String body = GlobTranslator.toRegex(g);
            literals.add(GlobTranslator.requiredLiteral(g));
            if (g.startsWith("/")) absolute.add(body);
            else relative.add(body);
        }
        StringBuilder re = new StringBuilder("^(?:");
        if (!relative.isEmpty()) re.append("(?:.*/)?(?:").append(String.join("|", relative)).append(')');
        if (!absolute.isEmpty()) {
            if (!relative.isEmpty()) re.append('|');
            re.append("(?:").append(String.join("|", absolute)).append(')');
        }
        re.append(")(?:/.*)?$");
        Pattern p;
        try {
            p = Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (RuntimeException e) {
            // Should not happen (each glob translated cleanly); name them all rather than guess.
            throw new IllegalArgumentException("bad exclude globs " + globs + ": " + e.getMessage(), e);
        }
        String[] required = literals.contains("") ? null : literals.toArray(String[]::new);
        return new ExcludeGlobs(List.copyOf(globs), p, required);
    }

    /** True when the absolute {@code absolutePath} or any of its ancestors matches a glob. */
    public boolean excludes(String absolutePath) {
        if (pattern == null) return false;
        String folded = TextFold.fold(absolutePath);
        if (required != null && folded.startsWith("/") && !containsAny(folded)) {
            return false; // no glob's literal occurs: the (slow, linear) regex cannot match
        }
        return pattern.matches(folded);
    }

    /** The regex alone, for tests proving the literal pre-filter never changes an answer. */
    boolean excludesSlowPath(String absolutePath) {
        return pattern != null && pattern.matches(TextFold.fold(absolutePath));
    }

    private boolean containsAny(String folded) {
        for (String lit : required) {
            if (folded.contains(lit)) return true;
        }
        return false;
    }

    public List<String> globs() {
        return globs;
    }

    @Override
    public String toString() {
        return "ExcludeGlobs" + globs;
    }
}
