package dev.tollgate.gateway.config;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link Settings} from, highest precedence first: command-line flags, environment
 * variables, the YAML settings file, built-in defaults. Every source is validated in full, even
 * where a higher one overrides it (a broken file is reported although a flag hides the bad
 * key), and all problems are reported together, one per line, each naming its source:
 * {@code --port: ...}, {@code TOLLGATE_PORT: ...}, {@code /etc/tollgate.yaml:12: api.port: ...}.
 *
 * <p>Relative paths, wherever written, resolve against the working directory given, so that
 * {@code tollgate serve} from the repository root finds {@code ./config} and {@code ./data}.
 */
public final class SettingsLoader {
    /** Key of {@code --config} in the flag map (it has no YAML key). */
    public static final String CONFIG_KEY = "config";
    public static final String CONFIG_FLAG = "--config";
    public static final String CONFIG_ENV = "TOLLGATE_CONFIG";
    /** Read when it exists and no file is named; relative to the working directory. */
    public static final Path DEFAULT_CONFIG = Path.of("config", "tollgate.yaml");

    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final Path cwd;
    // Kept apart so the output lists flags, then environment, then the file by line.
    private final List<ConfigProblem> flagProblems = new ArrayList<>();
    private final List<ConfigProblem> envProblems = new ArrayList<>();
    private final List<ConfigProblem> fileProblems = new ArrayList<>();
    private final List<ConfigProblem> defaultProblems = new ArrayList<>();
    private final Map<SettingKey<?>, Resolved<?>> resolved = new HashMap<>();

    private SettingsLoader(Map<String, String> flags, Map<String, String> env, Path cwd) {
        this.flags = Map.copyOf(flags);
        this.env = Map.copyOf(env);
        this.cwd = cwd.toAbsolutePath().normalize();
    }

    /**
     * @param flags values given on the command line, keyed by YAML key ({@code api.port}) or
     *              {@link #CONFIG_KEY}; booleans as {@code "true"}/{@code "false"}
     * @param env   the process environment (an empty value counts as unset)
     * @param cwd   base of relative paths and of the default settings file
     * @throws ConfigException listing every problem found
     * @throws IllegalArgumentException when {@code flags} has a key no flag exists for (a bug in the caller)
     */
    public static Settings load(Map<String, String> flags, Map<String, String> env, Path cwd) {
        return new SettingsLoader(flags, env, cwd).load();
    }

    /** The command-line flag of each flag-map key, e.g. {@code api.port → --port}. */
    public static Map<String, String> flagNames() {
        Map<String, String> out = new HashMap<>();
        for (SettingKey<?> k : SettingKeys.ALL) if (k.flag() != null) out.put(k.yamlKey(), k.flag());
        out.put(CONFIG_KEY, CONFIG_FLAG);
        return Map.copyOf(out);
    }

    private Settings load() {
        Map<String, String> known = flagNames();
        for (String k : flags.keySet()) {
            if (!known.containsKey(k)) throw new IllegalArgumentException("no command-line flag sets " + k);
        }
        Optional<Path> configFile = locateConfigFile();
        Map<String, YamlSettingsReader.Entry> yaml = configFile
                .map(f -> YamlSettingsReader.read(f, fileProblems))
                .orElse(Map.of());
        for (SettingKey<?> key : SettingKeys.ALL) resolved.put(key, resolve(key, yaml));
        checkUpstreamCa();
        checkPortsDiffer();

        List<ConfigProblem> problems = new ArrayList<>(flagProblems);
        problems.addAll(envProblems);
        fileProblems.sort(Comparator.comparingInt(ConfigProblem::line)); // stable: same line keeps order
        problems.addAll(fileProblems);
        problems.addAll(defaultProblems);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return build(configFile);
    }

    /** {@code --config}, else {@code TOLLGATE_CONFIG}, else {@code ./config/tollgate.yaml} if present. */
    private Optional<Path> locateConfigFile() {
        if (flags.containsKey(CONFIG_KEY)) {
            return explicitConfigFile(flags.get(CONFIG_KEY), site(ProblemSite.Kind.FLAG, CONFIG_FLAG));
        }
        String fromEnv = env.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return explicitConfigFile(fromEnv, site(ProblemSite.Kind.ENV, CONFIG_ENV));
        }
        Path dflt = cwd.resolve(DEFAULT_CONFIG);
        return Files.isRegularFile(dflt) ? Optional.of(dflt) : Optional.empty();
    }

    /** A file the operator named must exist: silently running on defaults would hide the mistake. */
    private Optional<Path> explicitConfigFile(String text, ProblemSite site) {
        Optional<Path> named = ValueTypes.path().fromText(text, site).map(this::absolute);
        if (named.isEmpty()) return Optional.empty();
        Path file = named.get();
        if (!Files.exists(file)) {
            site.add("settings file not found: " + file);
            return Optional.empty();
        }
        if (Files.isDirectory(file)) {
            site.add("is a directory, not a settings file: " + file);
            return Optional.empty();
        }
        return named;
    }

    private <T> Resolved<T> resolve(SettingKey<T> key, Map<String, YamlSettingsReader.Entry> yaml) {
        List<Resolved<T>> given = new ArrayList<>(3); // highest precedence first
        if (key.flag() != null && flags.containsKey(key.yamlKey())) {
            ProblemSite at = site(ProblemSite.Kind.FLAG, key.flag());
            given.add(Resolved.of(key.type().fromText(flags.get(key.yamlKey()), at), at));
        }
        String envValue = key.env() == null ? null : env.get(key.env());
        if (envValue != null && !envValue.isEmpty()) {
            ProblemSite at = site(ProblemSite.Kind.ENV, key.env());
            given.add(Resolved.of(key.type().fromText(envValue, at), at));
        }
        YamlSettingsReader.Entry entry = yaml.get(key.yamlKey());
        if (entry != null) given.add(Resolved.of(key.type().fromYaml(entry.node(), entry.site()), entry.site()));
        if (given.isEmpty()) {
            return new Resolved<>(key.defaultValue(), new ProblemSite(ProblemSite.Kind.DEFAULT, "default", 0,
                    key.yamlKey(), defaultProblems), true);
        }
        return given.get(0);
    }

    private ProblemSite site(ProblemSite.Kind kind, String name) {
        return new ProblemSite(kind, name, 0, "", kind == ProblemSite.Kind.FLAG ? flagProblems : envProblems);
    }

    private void checkUpstreamCa() {
        Resolved<Path> ca = get(SettingKeys.PROXY_UPSTREAM_CA);
        if (!ca.valid() || ca.value() == null) return;
        Path file = absolute(ca.value());
        if (!Files.exists(file)) ca.site().add("file not found: " + file);
        else if (!Files.isRegularFile(file)) ca.site().add("not a regular file: " + file);
        else if (!Files.isReadable(file)) ca.site().add("cannot read " + file);
    }

    /** Two listeners on one port cannot both start; say so now rather than with a bind error. */
    private void checkPortsDiffer() {
        Resolved<Long> api = get(SettingKeys.API_PORT);
        Resolved<Long> proxy = get(SettingKeys.PROXY_PORT);
        if (!api.valid() || !proxy.valid() || api.value() == 0 || !api.value().equals(proxy.value())) return;
        boolean blameApi = proxy.site().kind() == ProblemSite.Kind.DEFAULT;
        Resolved<Long> blamed = blameApi ? api : proxy;
        Resolved<Long> other = blameApi ? proxy : api;
        String otherKey = blameApi ? "proxy.port" : "api.port";
        blamed.site().add("the API and the proxy cannot share port " + api.value()
                + " (" + otherKey + " from " + other.site().describe() + ")");
    }

    private Settings build(Optional<Path> configFile) {
        Path dataDir = absolute(value(SettingKeys.DATA_DIR));
        StoreUrl store = value(SettingKeys.STORE_URL);
        if (store == null) store = new StoreUrl.Sqlite(dataDir.resolve("tollgate.db"));
        else if (store instanceof StoreUrl.Sqlite s) store = new StoreUrl.Sqlite(absolute(s.file()));
        return new Settings(
                configFile,
                value(SettingKeys.BIND),
                dataDir,
                absolute(value(SettingKeys.POLICY_DIR)),
                absolute(value(SettingKeys.GATEWAY_CONFIG)),
                Optional.ofNullable(value(SettingKeys.ENVIRONMENT)),
                new Settings.Api(value(SettingKeys.API_PORT).intValue(), value(SettingKeys.API_MAX_BODY_BYTES)),
                new Settings.Proxy(
                        value(SettingKeys.PROXY_PORT).intValue(),
                        absolute(value(SettingKeys.PROXY_DESTINATIONS)),
                        value(SettingKeys.PROXY_TLS_INTERCEPT),
                        value(SettingKeys.PROXY_HOLD_TIMEOUT_MS),
                        Optional.ofNullable(value(SettingKeys.PROXY_UPSTREAM_CA)).map(this::absolute),
                        value(SettingKeys.PROXY_ALLOW_PRIVATE),
                        value(SettingKeys.PROXY_AUTH),
                        value(SettingKeys.PROXY_RETRY_AFTER_SECONDS).intValue(),
                        value(SettingKeys.PROXY_PENDING),
                        value(SettingKeys.PROXY_MAX_INSPECT_BYTES),
                        value(SettingKeys.PROXY_UPSTREAM_TIMEOUT_MS),
                        value(SettingKeys.PROXY_TLS_PASSTHROUGH),
                        value(SettingKeys.PROXY_HOSTS)),
                new Settings.Auth(value(SettingKeys.AUTH_OPEN_REGISTRATION)),
                store,
                new Settings.Metrics(value(SettingKeys.METRICS_REQUIRE_AUTH)),
                new Settings.Webhooks(value(SettingKeys.WEBHOOKS_SEND_SECRET_HEADER)),
                new Settings.Ca(value(SettingKeys.CA_KEY_ALGORITHM)),
                new Settings.Log(value(SettingKeys.LOG_LEVEL)));
    }

    private Path absolute(Path p) {
        return cwd.resolve(p).normalize();
    }

    @SuppressWarnings("unchecked")
    private <T> Resolved<T> get(SettingKey<T> key) {
        return (Resolved<T>) resolved.get(key);
    }

    private <T> T value(SettingKey<T> key) {
        return get(key).value();
    }

    /**
     * The value a key ends up with, and the site it came from (for problems found later).
     *
     * @param value null when the setting has no value (an optional setting) or is invalid
     * @param valid false when the winning source had a bad value (already reported)
     */
    private record Resolved<T>(T value, ProblemSite site, boolean valid) {
        static <T> Resolved<T> of(Optional<T> parsed, ProblemSite site) {
            return new Resolved<>(parsed.orElse(null), site, parsed.isPresent());
        }
    }
}
