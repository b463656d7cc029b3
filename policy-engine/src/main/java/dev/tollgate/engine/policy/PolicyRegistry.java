package dev.tollgate.engine.policy;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The policies of a policy dir ({@code *.yaml}, {@code *.yml}; dot files ignored) plus the
 * built-ins {@code allow} and {@code deny}.
 *
 * <p>Readers see an immutable snapshot replaced atomically, so {@link #find} never blocks and
 * never sees half a reload. A reload keeps, for each file that became invalid, its last good
 * version in force: a typo while editing must not silently change decisions.
 */
public final class PolicyRegistry implements PolicyLookup {
    private static final System.Logger LOG = System.getLogger(PolicyRegistry.class.getName());
    /** Four polls within the 2 s in which a change must take effect. */
    private static final long POLL_MILLIS = 500;

    private final Path dir;
    private volatile Map<String, Policy> byId;
    /** Last good policy of each file; guarded by {@code this}. */
    private Map<Path, Policy> byFile;
    /** What the directory looked like before the last read, null when unreadable; guarded by {@code this}. */
    private Map<Path, Stamp> stamps;

    /** A file's identity and change markers: replaced (new inode), rewritten (mtime) or resized. */
    private record Stamp(FileTime modified, long size, Object fileKey) {}

    private record Read(Map<Path, Policy> byFile, Map<String, Policy> byId, List<ConfigProblem> problems) {}

    private PolicyRegistry(Path dir, Read read, Map<Path, Stamp> stamps) {
        this.dir = dir;
        this.byFile = read.byFile;
        this.byId = read.byId;
        this.stamps = stamps;
    }

    /** Loads every policy of {@code dir}; throws {@link ConfigException} listing the problems of all files. */
    public static PolicyRegistry load(Path dir) {
        Map<Path, Stamp> stamps = stamps(dir);
        if (stamps == null) throw new ConfigException(unreadable(dir));
        Read read = read(stamps, Map.of());
        if (!read.problems.isEmpty()) throw new ConfigException(read.problems);
        read.byFile.values().forEach(p -> LOG.log(Level.INFO, () -> "policy " + p.id() + " loaded, version " + p.version()));
        return new PolicyRegistry(dir, read, stamps);
    }

    public Path dir() { return dir; }

    /** The policy named {@code id}; a path-like or otherwise malformed id is simply not found. */
    @Override
    public Optional<Policy> find(String id) {
        return Policy.isName(id) ? Optional.ofNullable(byId.get(id)) : Optional.empty();
    }

    /** Every policy id in force, built-ins included, sorted. */
    public List<String> ids() { return byId.keySet().stream().sorted().toList(); }

    /**
     * Re-reads the directory: new valid files appear, deleted files disappear, and a file that
     * became invalid keeps its last good version (logged as an error naming file and line).
     * Returns the problems found; empty when every file is valid.
     */
    public synchronized List<ConfigProblem> reload() {
        Map<Path, Stamp> now = stamps(dir);
        stamps = now;
        if (now == null) {
            ConfigProblem p = unreadable(dir);
            LOG.log(Level.ERROR, () -> p + "; all policies stay in force");
            return List.of(p);
        }
        Read read = read(now, byFile);
        logChanges(byFile, read.byFile);
        for (ConfigProblem p : read.problems) {
            boolean kept = read.byFile.keySet().stream().anyMatch(f -> f.toString().equals(p.source()));
            LOG.log(Level.ERROR, () -> "policy file rejected: " + p
                    + (kept ? " (its previous version stays in force)" : " (not loaded)"));
        }
        byFile = read.byFile;
        byId = read.byId;
        return read.problems;
    }

    /**
     * Polls the directory every 500 ms on {@code scheduler} and reloads when a file was added,
     * removed, replaced, rewritten or resized, so changes take effect within 2 s. Polling works
     * the same on every file system, network and container mounts included, unlike WatchService.
     */
    public void watch(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(this::reloadIfChanged, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void reloadIfChanged() {
        try {
            if (!Objects.equals(stamps(dir), stamps)) reload();
        } catch (RuntimeException e) {
            // A task that throws is never run again: log and keep watching.
            LOG.log(Level.ERROR, "policy reload failed; current policies stay in force", e);
        }
    }

    /** Parses the files of {@code stamps}; a file that fails keeps its version from {@code previous}. */
    private static Read read(Map<Path, Stamp> stamps, Map<Path, Policy> previous) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<Path, Policy> byFile = new LinkedHashMap<>();
        Map<String, Path> owner = new HashMap<>();
        Map<String, Policy> byId = new HashMap<>();
        byId.put(Policy.ALLOW_ID, Policy.ALLOW);
        byId.put(Policy.DENY_ID, Policy.DENY);
        for (Path file : stamps.keySet()) {
            Policy policy = parse(file, problems);
            if (policy == null) policy = previous.get(file);
            if (policy == null) continue;
            Path first = owner.putIfAbsent(policy.id(), file);
            if (first != null) {
                problems.add(ConfigProblem.at(file, 0, "id",
                        "policy \"" + policy.id() + "\" is already defined by " + first.getFileName()));
                continue;
            }
            byFile.put(file, policy);
            byId.put(policy.id(), policy);
        }
        return new Read(Map.copyOf(byFile), Map.copyOf(byId), List.copyOf(problems));
    }

    private static Policy parse(Path file, List<ConfigProblem> problems) {
        try {
            return PolicyParser.parse(file);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        } catch (RuntimeException e) {
            // One strange file must not stop the others from loading.
            problems.add(ConfigProblem.at(file, 0, "", "cannot load: " + e));
        }
        return null;
    }

    /** Policy files of {@code dir} in name order with their stamps; null when the directory cannot be listed. */
    private static Map<Path, Stamp> stamps(Path dir) {
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(PolicyRegistry::isPolicyFile).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Map<Path, Stamp> out = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                if (a.isRegularFile()) out.put(f, new Stamp(a.lastModifiedTime(), a.size(), a.fileKey()));
            } catch (NoSuchFileException e) {
                // deleted since listing: it is gone
            } catch (IOException e) {
                out.put(f, new Stamp(null, -1, null)); // present but unreadable: parsing reports why
            }
        }
        return out;
    }

    private static boolean isPolicyFile(Path p) {
        String name = p.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static ConfigProblem unreadable(Path dir) {
        String why = Files.isDirectory(dir) ? "cannot list policy directory" : "policy directory does not exist";
        return ConfigProblem.at(dir, 0, "", why);
    }

    private static void logChanges(Map<Path, Policy> before, Map<Path, Policy> after) {
        after.forEach((file, p) -> {
            Policy old = before.get(file);
            if (old == null || !old.version().equals(p.version())) {
                LOG.log(Level.INFO, () -> "policy " + p.id() + " loaded from " + file + ", version " + p.version());
            }
        });
        before.forEach((file, p) -> {
            if (!after.containsKey(file)) LOG.log(Level.INFO, () -> "policy " + p.id() + " removed (" + file + ")");
        });
    }
}
