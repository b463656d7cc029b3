package dev.tollgate.proxy.destination;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The destinations file in force. Readers get an immutable snapshot ({@link #current}) that is
 * replaced atomically, so matching never blocks and never sees half a reload. A reload that
 * finds the file invalid keeps the last good rules in force and logs why: a typo while editing
 * must not silently change where requests go.
 */
public final class DestinationsRegistry {
    private static final System.Logger LOG = System.getLogger(DestinationsRegistry.class.getName());
    /** Four polls within the 2 s in which a change must take effect. */
    private static final long POLL_MILLIS = 500;

    private final Path file;
    private final Predicate<String> policyExists;
    private volatile DestinationRules current;
    /** Guarded by {@code this}: what the file looked like at the last read. */
    private Stamp stamp;
    /** Guarded by {@code this}: problems of the last read, so a broken file is logged once, not every poll. */
    private List<ConfigProblem> lastProblems = List.of();

    /** A file's identity and change markers: replaced (new inode), rewritten (mtime) or resized. */
    private record Stamp(FileTime modified, long size, Object fileKey) {}

    private DestinationsRegistry(Path file, Predicate<String> policyExists, DestinationRules rules, Stamp stamp) {
        this.file = file;
        this.policyExists = policyExists;
        this.current = rules;
        this.stamp = stamp;
    }

    /** Loads {@code file} without checking policy names; throws {@link ConfigException} listing every problem. */
    public static DestinationsRegistry load(Path file) {
        return load(file, id -> true);
    }

    /**
     * Loads {@code file}; a policy name {@code policyExists} does not know is a problem like any
     * other, at start (refused) and at reload (last good rules kept).
     *
     * @throws ConfigException listing every problem: the server refuses to start
     */
    public static DestinationsRegistry load(Path file, Predicate<String> policyExists) {
        Stamp stamp = stamp(file);
        DestinationRules rules = read(file, policyExists);
        LOG.log(Level.INFO, () -> "destinations loaded from " + file + ": " + count(rules) + ", version " + rules.version());
        return new DestinationsRegistry(file, policyExists, rules, stamp);
    }

    public Path file() { return file; }

    /** The rules in force: an immutable snapshot, safe to use from any thread. */
    public DestinationRules current() { return current; }

    /**
     * Re-reads the file. Valid: its rules replace the current ones. Invalid or unreadable: the
     * current rules stay in force and each problem is logged as an error naming file and line.
     *
     * @return the problems found; empty when the file was valid and is now in force
     */
    public synchronized List<ConfigProblem> reload() {
        stamp = stamp(file);
        try {
            DestinationRules rules = read(file, policyExists);
            boolean changed = !rules.version().equals(current.version());
            current = rules;
            if (changed || !lastProblems.isEmpty()) {
                LOG.log(Level.INFO, () -> "destinations reloaded from " + file + ": " + count(rules)
                        + ", version " + rules.version());
            }
            lastProblems = List.of();
            return List.of();
        } catch (ConfigException e) {
            if (!e.problems().equals(lastProblems)) {
                for (ConfigProblem p : e.problems()) {
                    LOG.log(Level.ERROR, () -> "destinations file rejected: " + p
                            + " (the previous rules, version " + current.version() + ", stay in force)");
                }
            }
            lastProblems = e.problems();
            return e.problems();
        }
    }

    /**
     * Polls the file every 500 ms on {@code scheduler} and reloads when it was replaced,
     * rewritten or resized, so changes take effect within 2 s. While the last read failed it
     * retries every poll, because a policy file appearing can fix an unknown policy name without
     * this file changing. Polling works the same on every file system, unlike WatchService.
     */
    public void watch(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(this::reloadIfChanged, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void reloadIfChanged() {
        try {
            if (!Objects.equals(stamp(file), stamp) || !lastProblems.isEmpty()) reload();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep watching.
            LOG.log(Level.ERROR, "destinations reload failed; the current rules stay in force", e);
        }
    }

    private static DestinationRules read(Path file, Predicate<String> policyExists) {
        DestinationRules rules;
        try {
            rules = DestinationsParser.parse(file);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(ConfigProblem.at(file, 0, "", "cannot load: " + e));
        }
        List<ConfigProblem> unknown = new ArrayList<>(rules.checkPolicies(policyExists));
        if (!unknown.isEmpty()) throw new ConfigException(unknown);
        return rules;
    }

    private static String count(DestinationRules rules) {
        int n = rules.rules().size();
        return n + (n == 1 ? " rule" : " rules");
    }

    /** Null when the file cannot be stat'ed (missing): reading it then reports why. */
    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
