package dev.tollgate.tasks.config;

import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.engine.config.YNode;
import dev.tollgate.engine.config.YamlFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Helpers for list items, so that a bad item is reported at its own line and index. */
final class Items {
    private Items() {}

    /** Line of item {@code i} of list {@code key}, or the key's line when it is not a list. */
    static int line(YamlFields f, String key, int i) {
        return f.map().get(key) instanceof YNode.YList l && i < l.items().size() ? l.items().get(i).line() : f.lineOf(key);
    }

    static void problem(YamlFields f, String key, int i, String message) {
        f.problems().add(new ConfigProblem(f.source(), line(f, key, i), f.path(key) + "[" + i + "]", message));
    }

    /**
     * A list of non-blank strings without control characters (command prefixes, globs, branch
     * names): an empty entry would match everything or nothing, never what was meant.
     */
    static Optional<List<String>> nonBlankStrings(YamlFields f, String key) {
        Optional<List<String>> given = f.stringList(key);
        if (given.isEmpty()) return given;
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < given.get().size(); i++) {
            String s = given.get().get(i);
            if (s.isBlank()) {
                problem(f, key, i, "is empty");
                ok = false;
            } else if (hasControl(s)) {
                problem(f, key, i, "contains a control character");
                ok = false;
            } else {
                out.add(s.strip());
            }
        }
        return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    /**
     * A nested section. {@code shell:} with every line under it commented out reads as an empty
     * string in Jackson's YAML (not null); that means "no settings here", not a type error.
     */
    static Optional<YamlFields> section(YamlFields f, String key) {
        if (f.map().get(key) instanceof YNode.YScalar s && s.type() == YNode.ScalarType.STRING && s.text().isEmpty()) {
            return Optional.empty();
        }
        return f.child(key);
    }

    static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7F);
    }
}
