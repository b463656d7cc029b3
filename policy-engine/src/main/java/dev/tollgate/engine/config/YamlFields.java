package dev.tollgate.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, problem-collecting access to a {@link YNode.YMap}. Each accessor records a
 * {@link ConfigProblem} (file, line, key) instead of throwing, so one pass reports everything
 * wrong with a file. Call {@link #rejectUnknown} to refuse keys the format does not define.
 */
public final class YamlFields {
    private final String source;
    private final String prefix;
    private final YNode.YMap map;
    private final List<ConfigProblem> problems;

    public YamlFields(String source, String prefix, YNode.YMap map, List<ConfigProblem> problems) {
        this.source = source;
        this.prefix = prefix;
        this.map = map;
        this.problems = problems;
    }

    /** Wraps {@code node} when it is a map; records a problem and returns empty otherwise. */
    public static Optional<YamlFields> of(String source, String key, YNode node, List<ConfigProblem> problems) {
        if (node instanceof YNode.YMap m) return Optional.of(new YamlFields(source, key, m, problems));
        problems.add(new ConfigProblem(source, node.line(), key, "must be a map, not " + node.kind()));
        return Optional.empty();
    }

    public YNode.YMap map() { return map; }
    public String source() { return source; }
    public List<ConfigProblem> problems() { return problems; }

    public String path(String key) { return prefix.isEmpty() ? key : prefix + "." + key; }

    public int lineOf(String key) { return map.lineOf(key); }

    public boolean has(String key) {
        YNode n = map.get(key);
        return n != null && !(n instanceof YNode.YScalar s && s.type() == YNode.ScalarType.NULL);
    }

    public void problem(String key, String message) {
        problems.add(new ConfigProblem(source, map.lineOf(key), path(key), message));
    }

    public void rejectUnknown(Set<String> known) {
        for (String k : map.entries().keySet()) {
            if (!known.contains(k)) {
                problems.add(new ConfigProblem(source, map.lineOf(k), path(k), "unknown field"));
            }
        }
    }

    public Optional<String> string(String key) {
        if (!has(key)) return Optional.empty();
        YNode n = map.get(key);
        if (n instanceof YNode.YScalar s && s.type() == YNode.ScalarType.STRING) return Optional.of(s.text());
        problem(key, "must be a string, not " + n.kind());
        return Optional.empty();
    }

    public Optional<Long> integer(String key, long min, long max) {
        if (!has(key)) return Optional.empty();
        YNode n = map.get(key);
        if (n instanceof YNode.YScalar s && s.type() == YNode.ScalarType.INTEGER) {
            try {
                long v = Long.parseLong(s.text());
                if (v < min || v > max) {
                    problem(key, "must be between " + min + " and " + max + ", not " + v);
                    return Optional.empty();
                }
                return Optional.of(v);
            } catch (NumberFormatException e) {
                problem(key, "integer out of range: " + s.text());
                return Optional.empty();
            }
        }
        problem(key, "must be an integer, not " + n.kind());
        return Optional.empty();
    }

    public Optional<Double> number(String key) {
        if (!has(key)) return Optional.empty();
        YNode n = map.get(key);
        if (n instanceof YNode.YScalar s
                && (s.type() == YNode.ScalarType.INTEGER || s.type() == YNode.ScalarType.DECIMAL)) {
            double d = Double.parseDouble(s.text());
            if (Double.isFinite(d)) return Optional.of(d);
        }
        problem(key, "must be a number, not " + n.kind());
        return Optional.empty();
    }

    public Optional<Boolean> bool(String key) {
        if (!has(key)) return Optional.empty();
        YNode n = map.get(key);
        if (n instanceof YNode.YScalar s && s.type() == YNode.ScalarType.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(s.text()));
        }
        problem(key, "must be true or false, not " + n.kind());
        return Optional.empty();
    }

    /** A list of strings; a problem for each item that is not a string. */
    public Optional<List<String>> stringList(String key) {
        if (!has(key)) return Optional.empty();
        YNode n = map.get(key);
        if (!(n instanceof YNode.YList l)) {
            problem(key, "must be a list of strings, not " + n.kind());
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < l.items().size(); i++) {
            YNode item = l.items().get(i);
            if (item instanceof YNode.YScalar s && s.type() == YNode.ScalarType.STRING) {
                out.add(s.text());
            } else {
                problems.add(new ConfigProblem(source, item.line(), path(key) + "[" + i + "]",
                        "must be a string, not " + item.kind()));
                ok = false;
            }
        }
        return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    public Optional<YamlFields> child(String key) {
        if (!has(key)) return Optional.empty();
        return of(source, path(key), map.get(key), problems);
    }

    public Optional<YNode.YList> list(String key) {
        if (!has(key)) return Optional.empty();
        YNode n = map.get(key);
        if (n instanceof YNode.YList l) return Optional.of(l);
        problem(key, "must be a list, not " + n.kind());
        return Optional.empty();
    }
}
