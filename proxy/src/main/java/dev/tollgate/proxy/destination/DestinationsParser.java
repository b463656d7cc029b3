package dev.tollgate.proxy.destination;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigFile;
import dev.tollgate.engine.util.Hashing;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.engine.config.LocatedYaml;
import dev.tollgate.engine.config.YNode;
import dev.tollgate.engine.config.YamlFields;
import dev.tollgate.engine.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a destinations file (SPEC §5.2). A file is either entirely valid or refused with every
 * problem it has, each naming file, line and key, so an operator fixes them all in one round.
 * Whether the named policies exist is the caller's check ({@link DestinationRules#checkPolicies}):
 * this class knows nothing of the policy directory.
 */
public final class DestinationsParser {
    private static final Set<String> FILE_FIELDS = Set.of("destinations", "default_policy");
    private static final Set<String> RULE_FIELDS = Set.of("name", "match", "policy", "record_count", "pending");
    private static final Set<String> MATCH_FIELDS = Set.of("host", "port", "methods", "path");
    private static final String NAME_RULES = "letters, digits, '.', '_' and '-', starting with a letter or digit";

    private DestinationsParser() {}

    /** The rules of {@code file}; throws {@link ConfigException} listing every problem. */
    public static DestinationRules parse(Path file) {
        ConfigFile cf = ConfigFile.read(file);
        return parse(cf.source(), cf.text(), cf.sha256());
    }

    /** The rules in {@code text}, problems naming {@code source}; for tests and embedding. */
    public static DestinationRules parse(String source, String text) {
        return parse(source, text, Hashing.sha256Hex(text));
    }

    private static DestinationRules parse(String source, String text, String version) {
        YNode root = LocatedYaml.parse(source, text);
        List<ConfigProblem> problems = new ArrayList<>();
        List<DestinationRule> rules = new ArrayList<>();
        String defaultPolicy = null;
        int defaultPolicyLine = 0;
        Optional<YamlFields> fields = YamlFields.of(source, "", root, problems);
        if (fields.isPresent()) {
            YamlFields f = fields.get();
            f.rejectUnknown(FILE_FIELDS);
            if (!f.has("destinations")) {
                f.problem("destinations", "is required: a list of rules ([] for none)");
            }
            f.list("destinations").ifPresent(list -> rules.addAll(rules(f, list)));
            // "default_policy:" with nothing after it reads as "": the same as null, block.
            defaultPolicy = f.string("default_policy").filter(p -> !p.isEmpty()).orElse(null);
            if (defaultPolicy != null && !Policy.isName(defaultPolicy)) {
                f.problem("default_policy", "\"" + defaultPolicy + "\" is not a policy id: " + NAME_RULES
                        + " (null blocks requests no rule matches)");
            }
            defaultPolicyLine = f.map().entries().containsKey("default_policy") ? f.lineOf("default_policy") : 0;
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(ConfigProblem::line)); // stable: one line keeps its order
            throw new ConfigException(problems);
        }
        return new DestinationRules(source, version, rules, defaultPolicy, defaultPolicyLine);
    }

    private static List<DestinationRule> rules(YamlFields f, YNode.YList list) {
        List<DestinationRule> out = new ArrayList<>();
        Map<String, String> firstUse = new HashMap<>(); // name -> "destinations[0] (line 5)"
        List<YNode> items = list.items();
        for (int i = 0; i < items.size(); i++) {
            String key = f.path("destinations") + "[" + i + "]";
            int index = i;
            YNode item = items.get(i);
            YamlFields.of(f.source(), key, item, f.problems()).ifPresent(r -> {
                DestinationRule rule = rule(r, index, item.line());
                if (rule != null) out.add(rule);
                // Checked apart from rule(): a rule with other problems still claims its name.
                if (r.map().get("name") instanceof YNode.YScalar s && s.type() == YNode.ScalarType.STRING) {
                    String first = firstUse.putIfAbsent(s.text(), key + " (line " + item.line() + ")");
                    if (first != null) r.problem("name", "duplicate name \"" + s.text() + "\": already used by " + first);
                }
            });
        }
        return out;
    }

    /** The rule, or null when it has problems (recorded in {@code r}). */
    private static DestinationRule rule(YamlFields r, int index, int line) {
        int before = r.problems().size();
        r.rejectUnknown(RULE_FIELDS);
        String name = required(r, "name").flatMap(n -> r.string("name")).orElse(null);
        if (name != null && !Policy.isName(name)) {
            r.problem("name", "\"" + name + "\" is not a logical destination name: " + NAME_RULES);
        }
        MatchSpec m = required(r, "match").flatMap(x -> r.child("match")).map(DestinationsParser::match).orElse(null);
        String policy = required(r, "policy").flatMap(x -> r.string("policy")).orElse(null);
        if (policy != null && !Policy.isName(policy)) {
            r.problem("policy", "\"" + policy + "\" is not a policy id: " + NAME_RULES);
        }
        String recordCount = r.string("record_count").orElse(null);
        if (recordCount != null) checkPointer(r, recordCount);
        Pending pending = r.string("pending").flatMap(p -> {
            Optional<Pending> mode = Pending.fromYaml(p);
            if (mode.isEmpty()) r.problem("pending", "must be \"hold\" or \"retry\", not \"" + p + "\"");
            return mode;
        }).orElse(null);
        if (r.problems().size() != before || m == null) return null;
        return new DestinationRule(index, line, name, m.host, m.port, m.methods, m.path, policy,
                r.lineOf("policy"), recordCount, pending);
    }

    private record MatchSpec(HostPattern host, Integer port, List<String> methods, PathGlob path) {}

    private static MatchSpec match(YamlFields m) {
        int before = m.problems().size();
        m.rejectUnknown(MATCH_FIELDS);
        HostPattern host = required(m, "host").flatMap(x -> m.string("host")).flatMap(h -> {
            Optional<HostPattern> p = HostPattern.parse(h);
            if (p.isEmpty()) {
                m.problem("host", "\"" + h + "\" is not a host pattern: use a host name (api.example.com), "
                        + "an IP address, or *.example.com for its subdomains at any depth");
            }
            return p;
        }).orElse(null);
        Integer port = m.integer("port", 1, 65535).map(Long::intValue).orElse(null);
        List<String> methods = methods(m);
        PathGlob path = m.string("path").flatMap(p -> {
            try {
                return Optional.of(PathGlob.parse(p));
            } catch (IllegalArgumentException e) {
                m.problem("path", "\"" + p + "\" is not a path glob: " + e.getMessage());
                return Optional.empty();
            }
        }).orElse(null);
        return m.problems().size() == before ? new MatchSpec(host, port, methods, path) : null;
    }

    private static List<String> methods(YamlFields m) {
        List<String> given = m.stringList("methods").orElse(null);
        if (given == null) return List.of();
        if (given.isEmpty()) {
            m.problem("methods", "is empty, so the rule could never match: leave methods out to match every method");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String method = given.get(i);
            if (!RequestTarget.isMethod(method)) {
                int line = m.map().get("methods") instanceof YNode.YList l ? l.items().get(i).line() : m.lineOf("methods");
                m.problems().add(new ConfigProblem(m.source(), line, m.path("methods") + "[" + i + "]",
                        "\"" + method + "\" is not an HTTP method"));
            }
            out.add(method.toUpperCase(Locale.ROOT));
        }
        return List.copyOf(out);
    }

    private static void checkPointer(YamlFields r, String pointer) {
        if (!pointer.startsWith("/")) {
            r.problem("record_count", "\"" + pointer + "\" is not a JSON Pointer: it must start with /, as in /records");
            return;
        }
        // RFC 6901 allows only ~0 and ~1; Jackson would quietly read "~2" as itself.
        for (int i = 0; i < pointer.length(); i++) {
            if (pointer.charAt(i) == '~' && (i + 1 == pointer.length() || "01".indexOf(pointer.charAt(i + 1)) < 0)) {
                r.problem("record_count", "\"" + pointer + "\" is not a JSON Pointer: '~' must be followed by 0 or 1"
                        + " (~0 stands for ~ and ~1 for /)");
                return;
            }
        }
    }

    /** Present (records "is required" otherwise); the value is then read with the typed accessor. */
    private static Optional<Boolean> required(YamlFields f, String key) {
        if (f.has(key)) return Optional.of(true);
        f.problem(key, "is required");
        return Optional.empty();
    }

}
