package dev.tollgate.tasks.files;

import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.policy.RootMode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Everything SPEC §7.5 decides before content is touched, in this order: the syntax screen,
 * containment (of the requested path, by components), the excludes on the requested path,
 * {@code read_only}, then a look-only walk ({@link LstatDir}) that resolves links from the roots and
 * re-applies containment, excludes and {@code read_only} to the real path, and finally what the
 * operation needs the target to be. Opens nothing. Thread-safe (immutable).
 */
public final class FileGate {
    private final FileRules rules;
    private final RootSet roots;
    private final ExcludeGlobs excludes;
    private final PathResolver resolver;

    public FileGate(FileRules rules) {
        this.rules = rules;
        this.roots = new RootSet(rules.roots());
        this.excludes = ExcludeGlobs.compile(rules.excludeGlobs());
        this.resolver = new PathResolver(roots, excludes);
    }

    public ExcludeGlobs excludes() {
        return excludes;
    }

    FileRules rules() {
        return rules;
    }

    PathResolver resolver() {
        return resolver;
    }

    /**
     * @param cwd the step's working directory for relative paths (must be inside a root); null → the first root
     */
    public PathCheck check(FileOp op, String requestedPath, Path cwd) {
        Object lexical = lexical(op, requestedPath, cwd);
        if (lexical instanceof PathCheck.Denied d) return d;
        Path p = (Path) lexical;
        try (Resolution r = resolver.resolve(p, !op.writes(), LstatDir.OPENER)) {
            if (r instanceof Resolution.Failed f) return f.denied();
            return classify(op, (Resolution.Found) r);
        }
    }

    /**
     * The screened, absolute, normalised requested path (a {@link Path}), or a {@link PathCheck.Denied}
     * for the checks that need no file system: screen, containment, excludes, read_only.
     */
    Object lexical(FileOp op, String requested, Path cwd) {
        String why = PathScreen.reject(requested);
        if (why != null) return new PathCheck.Denied(String.valueOf(requested), FileReason.INVALID_PATH, why);
        Path base;
        if (cwd == null) {
            base = roots.first().path();
        } else {
            String cwdWhy = cwd.isAbsolute() ? PathScreen.reject(cwd.toString()) : "cwd must be absolute";
            if (cwdWhy != null) return new PathCheck.Denied(cwd.toString(), FileReason.INVALID_PATH, "cwd: " + cwdWhy);
            base = cwd.normalize();
            if (roots.rootFor(base) == null) {
                return new PathCheck.Denied(base.toString(), FileReason.OUTSIDE_ROOT, "cwd is outside every allowed root");
            }
        }
        Path p;
        try {
            p = base.resolve(requested).normalize(); // no '..' survives the screen: normalize only drops '.' and '//'
        } catch (InvalidPathException e) {
            return new PathCheck.Denied(requested, FileReason.INVALID_PATH, "not a valid path");
        }
        AllowedRoot root = roots.rootFor(p);
        if (root == null) {
            return new PathCheck.Denied(p.toString(), FileReason.OUTSIDE_ROOT, "outside every allowed root");
        }
        if (excludes.excludes(p.toString())) {
            return new PathCheck.Denied(p.toString(), FileReason.EXCLUDED, "matches exclude_globs");
        }
        // Checked on the requested path and again on the real one (classify): both roots must allow writes.
        if (op.writes() && root.mode() == RootMode.READ_ONLY) {
            return new PathCheck.Denied(p.toString(), FileReason.READ_ONLY, "root " + root.path() + " is read_only");
        }
        return p;
    }

    /** What {@code op} needs of the resolved target; shared by the gate and by the operations' secure walk. */
    PathCheck classify(FileOp op, Resolution.Found f) {
        String path = f.realPath().toString();
        AllowedRoot root = f.root();
        if (op.writes() && root.mode() == RootMode.READ_ONLY) {
            return new PathCheck.Denied(path, FileReason.READ_ONLY, "root " + root.path() + " is read_only");
        }
        BasicFileAttributes a = f.attrs();
        if (a == null) {
            if (op == FileOp.WRITE_FILE) return new PathCheck.Allowed(path, root, RiskTier.MODERATE);
            return new PathCheck.Denied(path, FileReason.NOT_FOUND, "no such file or directory");
        }
        return switch (op) {
            case LIST_FILES, SEARCH_FILES -> {
                if (a.isDirectory()) yield new PathCheck.Allowed(path, root, RiskTier.SAFE);
                yield readable(path, root, a, op == FileOp.SEARCH_FILES);
            }
            case READ_FILE_SUMMARY -> readable(path, root, a, false);
            case READ_FILE_CHUNK -> readable(path, root, a, true);
            case WRITE_FILE, DELETE_FILE -> {
                // A final link is never followed for writes: writing "through" it would change a file
                // the request did not name. Refuse rather than replace the link.
                if (!a.isRegularFile()) {
                    yield new PathCheck.Denied(path, FileReason.NOT_REGULAR_FILE, kind(a) + " where a regular file is needed");
                }
                yield new PathCheck.Allowed(path, root, RiskTier.DESTRUCTIVE);
            }
        };
    }

    private PathCheck readable(String path, AllowedRoot root, BasicFileAttributes a, boolean sizeMatters) {
        if (!a.isRegularFile()) {
            return new PathCheck.Denied(path, FileReason.NOT_REGULAR_FILE, kind(a) + " where a regular file is needed");
        }
        if (sizeMatters && a.size() > rules.maxFileBytes()) {
            return new PathCheck.Denied(path, FileReason.TOO_LARGE,
                    "file is " + a.size() + " bytes; max_file_bytes is " + rules.maxFileBytes());
        }
        return new PathCheck.Allowed(path, root, RiskTier.SAFE);
    }

    static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) return "a directory";
        if (a.isSymbolicLink()) return "a symbolic link";
        if (a.isRegularFile()) return "a regular file";
        return "a FIFO, socket or device";
    }
}
