package dev.tollgate.gateway.config;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.engine.config.LocatedYaml;
import dev.tollgate.engine.config.YNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the settings file into raw values by dotted key ({@code api.port}), each with its line.
 * Unknown keys are problems, because a misspelt setting silently falling back to its default
 * is how a proxy ends up open. A key set to null, or left empty, means "use the default" (the
 * YAML parser reports {@code key:} as an empty string, so an empty string counts as unset, as an
 * empty environment variable does).
 */
final class YamlSettingsReader {

    /** The raw YAML value of one setting, and where problems with it are reported. */
    record Entry(YNode node, ProblemSite site) {}

    private final Path file;
    private final List<ConfigProblem> sink;
    private final Set<String> known;
    private final Set<String> sections;

    private YamlSettingsReader(Path file, List<ConfigProblem> sink) {
        this.file = file;
        this.sink = sink;
        this.known = SettingKeys.ALL.stream().map(SettingKey::yamlKey).collect(Collectors.toSet());
        this.sections = known.stream().filter(k -> k.contains("."))
                .map(k -> k.substring(0, k.indexOf('.'))).collect(Collectors.toSet());
    }

    /** Values by YAML key; problems (syntax, unknown keys, sections that are not maps) go to {@code sink}. */
    static Map<String, Entry> read(Path file, List<ConfigProblem> sink) {
        return new YamlSettingsReader(file, sink).read();
    }

    private Map<String, Entry> read() {
        YNode root;
        try {
            root = LocatedYaml.read(file);
        } catch (ConfigException e) {
            sink.addAll(e.problems());
            return Map.of();
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        if (!(root instanceof YNode.YMap map)) {
            sink.add(new ConfigProblem(file.toString(), root.line(), "", "must be a map of settings, not " + root.kind()));
            return out;
        }
        for (Map.Entry<String, YNode> e : map.entries().entrySet()) {
            String key = e.getKey();
            YNode node = e.getValue();
            int line = map.lineOf(key);
            if (known.contains(key)) {
                put(out, key, node, line);
            } else if (sections.contains(key)) {
                readSection(out, key, node, line);
            } else {
                unknown(key, line);
            }
        }
        return out;
    }

    private void readSection(Map<String, Entry> out, String section, YNode node, int line) {
        if (isNull(node)) return;
        if (!(node instanceof YNode.YMap map)) {
            sink.add(new ConfigProblem(file.toString(), line, section, "must be a map, not " + node.kind()));
            return;
        }
        for (Map.Entry<String, YNode> e : map.entries().entrySet()) {
            String key = section + "." + e.getKey();
            if (known.contains(key)) put(out, key, e.getValue(), map.lineOf(e.getKey()));
            else unknown(key, map.lineOf(e.getKey()));
        }
    }

    private void put(Map<String, Entry> out, String key, YNode node, int line) {
        if (isNull(node)) return;
        out.put(key, new Entry(node, new ProblemSite(ProblemSite.Kind.FILE, file.toString(), line, key, sink)));
    }

    private void unknown(String key, int line) {
        String hint = suggest(key);
        sink.add(new ConfigProblem(file.toString(), line, key,
                "unknown setting" + (hint.isEmpty() ? "" : " (did you mean " + hint + "?)")));
    }

    /** Known keys with the same last segment ({@code port} → api.port, proxy.port), else near misspellings. */
    private String suggest(String key) {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        List<String> sameLeaf = SettingKeys.ALL.stream().map(SettingKey::yamlKey)
                .filter(k -> k.substring(k.lastIndexOf('.') + 1).equals(leaf)).toList();
        if (!sameLeaf.isEmpty()) return String.join(" or ", sameLeaf);
        return SettingKeys.ALL.stream().map(SettingKey::yamlKey)
                .filter(k -> distance(k, key) <= 2).collect(Collectors.joining(" or "));
    }

    private static boolean isNull(YNode node) {
        return node instanceof YNode.YScalar s && (s.type() == YNode.ScalarType.NULL
                || s.type() == YNode.ScalarType.STRING && s.text().isEmpty());
    }

    /** Levenshtein distance; keys are short, so the quadratic table is fine. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
