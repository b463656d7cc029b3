package dev.tollgate.tasks.config;

import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.engine.config.YNode;
import dev.tollgate.engine.config.YamlFields;
import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RootMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code local_access.allowed_roots} (SPEC §7.1). Every root is checked against the file system
 * at load time: absolute, no {@code ..}, existing, a directory, readable, and canonical
 * ({@code toRealPath()} is the path itself, so a symbolic link anywhere in it is refused: the
 * root an operator reads in the file is the directory agents get).
 *
 * <p>Roots may not repeat or nest: a {@code read_only} root inside a {@code read_write} one (or
 * the reverse) leaves the mode of the inner files a matter of lookup order, so both are refused
 * and the operator lists one or the other. {@code /} itself is refused: it would make every
 * system path "inside a root", which the risk rules rely on telling apart.
 */
final class AllowedRootsReader {
    private static final Set<String> ROOT_FIELDS = Set.of("path", "mode");

    private AllowedRootsReader() {}

    private record Located(AllowedRoot root, String key, int line) {}

    /** The valid roots; a problem recorded in {@code la} for each invalid one. */
    static List<AllowedRoot> read(YamlFields la, String key) {
        YNode.YList list = la.list(key).orElse(null);
        if (list == null) return List.of();
        List<Located> accepted = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Located root = one(la, la.path(key) + "[" + i + "]", list.items().get(i));
            if (root == null) continue;
            if (overlaps(la, root, accepted)) continue;
            accepted.add(root);
        }
        return accepted.stream().map(Located::root).toList();
    }

    private static Located one(YamlFields la, String itemKey, YNode item) {
        List<ConfigProblem> problems = la.problems();
        String text;
        String pathKey;
        int line;
        RootMode mode = RootMode.READ_ONLY; // a plain string, or a map without mode: the safe mode
        if (item instanceof YNode.YScalar s && s.type() == YNode.ScalarType.STRING) {
            text = s.text();
            pathKey = itemKey;
            line = s.line();
        } else if (item instanceof YNode.YMap m) {
            YamlFields r = new YamlFields(la.source(), itemKey, m, problems);
            int before = problems.size();
            r.rejectUnknown(ROOT_FIELDS);
            if (!r.has("path")) r.problem("path", "is required");
            text = r.string("path").orElse(null);
            pathKey = r.path("path");
            line = r.lineOf("path");
            String modeText = r.string("mode").orElse(null);
            if (modeText != null) {
                try {
                    mode = RootMode.fromWire(modeText);
                } catch (IllegalArgumentException e) {
                    r.problem("mode", e.getMessage());
                }
            }
            if (problems.size() != before) text = null;
        } else {
            problems.add(new ConfigProblem(la.source(), item.line(), itemKey,
                    "must be a path or a map {path, mode}, not " + item.kind()));
            return null;
        }
        if (text == null) return null;
        String error = check(text);
        if (error != null) {
            problems.add(new ConfigProblem(la.source(), line, pathKey, "allowed root \"" + text + "\" " + error));
            return null;
        }
        return new Located(new AllowedRoot(Path.of(text), mode), itemKey, line);
    }

    /** Why {@code text} cannot be a root, or null when it can. */
    static String check(String text) {
        if (text.isEmpty()) return "is empty";
        if (Items.hasControl(text)) return "contains a control character";
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            return "is not a valid path: " + e.getReason();
        }
        if (!p.isAbsolute()) return "is relative: allowed roots must be absolute paths";
        for (Path segment : p) {
            if (segment.toString().equals("..")) return "contains '..': name the directory itself";
        }
        if (p.getNameCount() == 0) return "is the whole file system: name a directory below /";
        Path real;
        try {
            real = p.toRealPath();
        } catch (NoSuchFileException e) {
            return "does not exist";
        } catch (IOException | SecurityException e) {
            return "cannot be resolved: " + e.getMessage();
        }
        if (!Files.isDirectory(real)) return "is not a directory";
        if (!real.equals(p)) {
            return "is not canonical: it resolves to \"" + real + "\" (a symbolic link or '.' in the path); "
                    + "name the real directory";
        }
        if (!Files.isReadable(real) || !Files.isExecutable(real)) return "is not readable by the gateway's user";
        return null;
    }

    /** Records a problem and returns true when {@code root} repeats or nests with an earlier one. */
    private static boolean overlaps(YamlFields la, Located root, List<Located> earlier) {
        Path p = root.root().path();
        for (Located e : earlier) {
            Path q = e.root().path();
            String other = e.key() + " \"" + q + "\" (line " + e.line() + ")";
            String message = null;
            if (p.equals(q)) {
                message = "is listed twice: also " + other;
            } else if (p.startsWith(q)) {
                message = "is inside " + other + "; nested roots would make the mode of its files ambiguous, list only one";
            } else if (q.startsWith(p)) {
                message = "contains " + other + "; nested roots would make the mode of its files ambiguous, list only one";
            }
            if (message != null) {
                la.problems().add(new ConfigProblem(la.source(), root.line(), root.key(),
                        "allowed root \"" + p + "\" " + message));
                return true;
            }
        }
        return false;
    }
}
