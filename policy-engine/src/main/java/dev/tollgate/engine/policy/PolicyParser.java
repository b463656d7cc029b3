package dev.tollgate.engine.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigFile;
import dev.tollgate.engine.config.ConfigProblem;
import dev.tollgate.engine.config.LocatedYaml;
import dev.tollgate.engine.config.YNode;
import dev.tollgate.engine.config.YamlFields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one policy file. A file is either entirely valid or refused with every problem it has,
 * each naming file, line and key, so an operator fixes them all in one round.
 */
public final class PolicyParser {
    private static final Set<String> RULE_FIELDS = Set.of("destinations", "allowed_types", "block_if_terms",
            "require_approval", "auto_approve_under", "require_approval_over", "expiry_minutes", "field_checks",
            "rate_limits");
    private static final Set<String> POLICY_FIELDS;
    private static final Set<String> FIELD_CHECK_FIELDS = Set.of("path", "required", "min", "max", "max_length",
            "pattern");
    private static final Set<String> RATE_LIMIT_FIELDS = Set.of("per_agent_per_hour", "per_agent_per_day");
    /** A year: longer approval windows are a typo, and keep expiry arithmetic far from overflow. */
    private static final long MAX_EXPIRY_MINUTES = 365L * 24 * 60;

    static {
        Set<String> all = new java.util.HashSet<>(RULE_FIELDS);
        all.add("id");
        all.add("environments");
        POLICY_FIELDS = Set.copyOf(all);
    }

    private PolicyParser() {}

    /** The policy in {@code file}; throws {@link ConfigException} listing every problem of the file. */
    public static Policy parse(Path file) {
        ConfigFile cf = ConfigFile.read(file);
        String source = cf.source();
        YNode root = LocatedYaml.parse(source, cf.text());
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<YamlFields> fields = YamlFields.of(source, "", root, problems);
        String id = null;
        PolicyRules rules = null;
        Map<String, PolicyRules> environments = Map.of();
        if (fields.isPresent()) {
            YamlFields f = fields.get();
            f.rejectUnknown(POLICY_FIELDS);
            id = id(f, file);
            rules = rules(f);
            environments = environments(f);
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(ConfigProblem::line));
            throw new ConfigException(problems);
        }
        return new Policy(id, rules, environments, cf.sha256(), false);
    }

    /** The id a file must declare: its name without {@code .yaml} / {@code .yml}. */
    public static String idForFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String id(YamlFields f, Path file) {
        String expected = idForFile(file);
        if (!Policy.isName(expected)) {
            f.problem("id", "file name \"" + file.getFileName() + "\" does not make a policy id: "
                    + "use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (!f.has("id")) {
            f.problem("id", "is required and must be \"" + expected + "\" (the file name without extension)");
            return null;
        }
        String id = f.string("id").orElse(null);
        if (id != null && !id.equals(expected)) {
            f.problem("id", "must equal the file name without extension, \"" + expected + "\", not \"" + id + "\"");
        }
        if (Policy.isReservedId(id)) {
            f.problem("id", "\"" + id + "\" is a built-in policy and cannot be defined by a file");
        }
        return id;
    }

    private static PolicyRules rules(YamlFields f) {
        return new PolicyRules(
                names(f, "destinations"),
                allowedTypes(f),
                terms(f),
                requireApproval(f),
                nonNegative(f, "auto_approve_under"),
                nonNegative(f, "require_approval_over"),
                f.integer("expiry_minutes", 1, MAX_EXPIRY_MINUTES).map(Long::intValue).orElse(null),
                fieldChecks(f),
                rateLimits(f));
    }

    private static Map<String, PolicyRules> environments(YamlFields f) {
        Map<String, PolicyRules> out = new LinkedHashMap<>();
        f.child("environments").ifPresent(envs -> envs.map().entries().forEach((name, node) ->
                YamlFields.of(envs.source(), envs.path(name), node, envs.problems()).ifPresent(overlay -> {
                    overlay.rejectUnknown(RULE_FIELDS);
                    out.put(name, rules(overlay));
                })));
        return out;
    }

    private static List<String> names(YamlFields f, String key) {
        List<String> values = f.stringList(key).orElse(null);
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).isBlank()) itemProblem(f, key, i, "must not be empty");
            }
        }
        return values;
    }

    private static List<String> allowedTypes(YamlFields f) {
        List<String> types = names(f, "allowed_types");
        if (types == null) return null;
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).startsWith(".")) itemProblem(f, "allowed_types", i, "write the extension without a dot");
        }
        return types.stream().map(PolicyParser::canonicalType).toList();
    }

    /** Lower case, with {@code txt} and {@code text} the same type. */
    static String canonicalType(String type) {
        String t = type.trim().toLowerCase(Locale.ROOT);
        return t.equals("txt") ? "text" : t;
    }

    private static TermMatcher terms(YamlFields f) {
        List<String> terms = f.stringList("block_if_terms").orElse(null);
        if (terms == null) return null;
        boolean ok = true;
        for (int i = 0; i < terms.size(); i++) {
            if (TextNormalizer.normalize(terms.get(i)).isEmpty()) {
                itemProblem(f, "block_if_terms", i, "has no letters or digits, so it can never match");
                ok = false;
            }
        }
        return ok ? TermMatcher.of(terms) : null;
    }

    private static RequireApproval requireApproval(YamlFields f) {
        return f.string("require_approval").flatMap(v -> {
            for (RequireApproval r : RequireApproval.values()) {
                if (r.yaml().equals(v)) return Optional.of(r);
            }
            f.problem("require_approval", "must be \"always\" or \"never\", not \"" + v + "\"");
            return Optional.empty();
        }).orElse(null);
    }

    private static Long nonNegative(YamlFields f, String key) {
        Long v = f.integer(key, Long.MIN_VALUE, Long.MAX_VALUE).orElse(null);
        if (v != null && v < 0) {
            f.problem(key, "must not be negative, not " + v);
            return null;
        }
        return v;
    }

    private static List<FieldCheck> fieldChecks(YamlFields f) {
        Optional<YNode.YList> list = f.list("field_checks");
        if (list.isEmpty()) return null;
        List<FieldCheck> checks = new ArrayList<>();
        List<YNode> items = list.get().items();
        for (int i = 0; i < items.size(); i++) {
            YamlFields.of(f.source(), f.path("field_checks") + "[" + i + "]", items.get(i), f.problems())
                    .map(PolicyParser::fieldCheck)
                    .ifPresent(checks::add);
        }
        return checks;
    }

    private static FieldCheck fieldCheck(YamlFields c) {
        c.rejectUnknown(FIELD_CHECK_FIELDS);
        String path = c.string("path").orElse(null);
        if (!c.has("path")) {
            c.problem("path", "is required");
        } else if (path != null && (path.isEmpty() || List.of(path.split("\\.", -1)).contains(""))) {
            c.problem("path", "must be a dot path such as \"customer.email\", not \"" + path + "\"");
        }
        boolean required = c.bool("required").orElse(false);
        Double min = c.number("min").orElse(null);
        Double max = c.number("max").orElse(null);
        if (min != null && max != null && min > max) c.problem("max", "must not be less than min");
        Long maxLength = nonNegative(c, "max_length");
        Pattern pattern = c.string("pattern").map(p -> compile(c, p)).orElse(null);
        if (!c.has("required") && !c.has("min") && !c.has("max") && !c.has("max_length") && !c.has("pattern")) {
            c.problem("path", "check has no constraint: add required, min, max, max_length or pattern");
        }
        return new FieldCheck(path, required, min, max,
                maxLength == null ? null : (int) Math.min(Integer.MAX_VALUE, maxLength), pattern);
    }

    private static Pattern compile(YamlFields c, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            c.problem("pattern", "regular expression does not compile: " + e.getDescription());
            return null;
        }
    }

    private static RateLimits rateLimits(YamlFields f) {
        return f.child("rate_limits").map(r -> {
            r.rejectUnknown(RATE_LIMIT_FIELDS);
            if (!r.has("per_agent_per_hour") && !r.has("per_agent_per_day")) {
                f.problem("rate_limits", "set per_agent_per_hour, per_agent_per_day or both");
            }
            return new RateLimits(nonNegative(r, "per_agent_per_hour"), nonNegative(r, "per_agent_per_day"));
        }).orElse(null);
    }

    private static void itemProblem(YamlFields f, String key, int index, String message) {
        int line = f.map().get(key) instanceof YNode.YList l ? l.items().get(index).line() : f.lineOf(key);
        f.problems().add(new ConfigProblem(f.source(), line, f.path(key) + "[" + index + "]", message));
    }

}
