package dev.tollgate.tasks.files;

import dev.tollgate.tasks.policy.AllowedRoot;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves an absolute path the way the kernel would, but one component at a time and only inside
 * allowed roots (SPEC §7.5).
 *
 * <p>Outside the roots the walk only moves through strict ancestors of a root, which are real
 * directories because roots are canonical; it never looks at anything there. Inside a root each
 * component is looked at without following links; a directory is entered through
 * {@link DirHandle#openDir}; a symbolic link is never followed by the OS — its target is read and its
 * components are pushed back on the work list (relative to the link's directory, or from '/' when
 * absolute), so the target is held to every rule a requested path is. '..' (only possible from link
 * targets: the screen refuses it in requests) goes back to the parent of the current real position
 * by re-walking from '/'. Links count as hops, bounded by {@link #MAX_HOPS} like Linux's 40.
 *
 * <p>Excludes are checked wherever the walk stands on something that is not an ancestor of the
 * final path (a link, a directory left by '..') and on the final real path, which covers all its
 * ancestors.
 */
final class PathResolver {
    static final int MAX_HOPS = 40;
    private static final int MAX_STEPS = 8192;
    private static final Path SLASH = Path.of("/");

    private final RootSet roots;
    private final ExcludeGlobs excludes;

    PathResolver(RootSet roots, ExcludeGlobs excludes) {
        this.roots = roots;
        this.excludes = excludes;
    }

    /**
     * @param start      absolute, normalised path
     * @param followLast follow a symbolic link in the final component (reads) or stop on it (writes)
     */
    Resolution resolve(Path start, boolean followLast, DirHandle.Opener opener) {
        Resolution r = walk(start, followLast, opener);
        if (r instanceof Resolution.Failed f && !f.denied().path().equals(start.toString())) {
            // A denial names the requested path, not where links led: the agent learns that its path is
            // refused and why, not the layout outside the roots or the names of excluded files.
            PathCheck.Denied d = f.denied();
            return new Resolution.Failed(new PathCheck.Denied(start.toString(), d.reason(), d.detail()));
        }
        return r;
    }

    private Resolution walk(Path start, boolean followLast, DirHandle.Opener opener) {
        Deque<String> pending = new ArrayDeque<>();
        pushFront(pending, start.toString());
        Path cur = SLASH;
        DirHandle dir = null; // open while cur is inside a root; null while cur is '/' or an ancestor of a root
        int hops = 0;
        int steps = 0;
        Path lastLink = null;
        try {
            while (!pending.isEmpty()) {
                if (++steps > MAX_STEPS) return fail(cur, FileReason.INVALID_PATH, "path too complex to resolve");
                String name = pending.pollFirst();
                if (name.equals("..")) {
                    if (excludes.excludes(cur.toString())) return fail(cur, FileReason.EXCLUDED, "passes through an excluded path");
                    Path up = cur.getParent() == null ? cur : cur.getParent();
                    if (dir != null) {
                        // Re-walk to the parent from '/': the only descriptor we trust is one we reached by walking down.
                        dir.close();
                        dir = null;
                        pushFront(pending, up.toString());
                        cur = SLASH;
                    } else {
                        cur = up; // ancestors of roots are real directories: '..' is lexical here
                    }
                    continue;
                }
                Path next = cur.resolve(name);
                boolean last = pending.isEmpty();
                if (dir == null) {
                    AllowedRoot root = roots.rootAt(next);
                    if (root != null) {
                        dir = opener.openRoot(root.path());
                    } else if (!roots.isAncestorOfRoot(next)) {
                        return fail(withRest(next, pending), FileReason.OUTSIDE_ROOT, lastLink == null
                                ? "outside every allowed root"
                                : "symbolic link " + lastLink + " leads outside every allowed root");
                    }
                    cur = next;
                    continue;
                }
                BasicFileAttributes a = dir.lstat(name);
                if (a == null) {
                    if (last) {
                        Resolution.Found f = found(next, dir, name, null, null);
                        dir = null; // now owned by the Found
                        return finish(f);
                    }
                    return missing(withRest(next, pending), "no such directory: " + next);
                }
                if (a.isSymbolicLink() && (!last || followLast)) {
                    if (excludes.excludes(next.toString())) return fail(next, FileReason.EXCLUDED, "symbolic link at an excluded path");
                    lastLink = next;
                    if (++hops > MAX_HOPS) {
                        return fail(withRest(next, pending), FileReason.INVALID_PATH, "too many symbolic links (a loop?)");
                    }
                    String target = dir.readLink(name);
                    if (target.isEmpty() || target.indexOf('\0') >= 0) {
                        return fail(next, FileReason.INVALID_PATH, "unusable symbolic link target");
                    }
                    pushFront(pending, target);
                    if (target.startsWith("/")) {
                        dir.close();
                        dir = null;
                        cur = SLASH;
                    }
                    continue;
                }
                if (last) {
                    Resolution.Found f = found(next, dir, name, null, a);
                    dir = null;
                    return finish(f);
                }
                if (!a.isDirectory()) return missing(withRest(next, pending), "not a directory: " + next);
                DirHandle child = dir.openDir(name, a);
                dir.close();
                dir = child;
                cur = next;
            }
            // Ended on a directory position: a root itself, or where a trailing '..' led.
            if (dir == null) return fail(cur, FileReason.OUTSIDE_ROOT, "outside every allowed root");
            Resolution.Found f = found(cur, null, null, dir, dir.self());
            dir = null;
            return finish(f);
        } catch (DirHandle.ChangedException e) {
            return fail(cur, FileReason.INVALID_PATH, "path changed during resolution; refused");
        } catch (SecureDir.SecureAccessUnavailable e) {
            return fail(start, FileReason.INVALID_PATH, e.getMessage());
        } catch (NoSuchFileException | NotDirectoryException e) {
            return missing(cur, "disappeared during resolution");
        } catch (AccessDeniedException e) {
            return missing(cur, "permission denied");
        } catch (FileSystemException e) {
            // ELOOP from O_NOFOLLOW (a link swapped in after we looked), and anything else unexpected
            return fail(cur, FileReason.INVALID_PATH, "path changed during resolution; refused");
        } catch (IOException e) {
            return fail(cur, FileReason.INVALID_PATH, "cannot resolve path: " + e.getClass().getSimpleName());
        } finally {
            if (dir != null) dir.close();
        }
    }

    private Resolution.Found found(Path real, DirHandle parent, String name, DirHandle self, BasicFileAttributes a) {
        return new Resolution.Found(roots.rootFor(real), real, parent, name, self, a);
    }

    private Resolution finish(Resolution.Found f) {
        if (f.root() == null) {
            f.close();
            return fail(f.realPath(), FileReason.OUTSIDE_ROOT, "outside every allowed root");
        }
        if (excludes.excludes(f.realPath().toString())) {
            f.close();
            return fail(f.realPath(), FileReason.EXCLUDED, "matches exclude_globs");
        }
        return f;
    }

    /** Not found — unless the missing path is excluded, which must not be revealed as absent. */
    private Resolution missing(Path p, String detail) {
        if (excludes.excludes(p.toString())) return fail(p, FileReason.EXCLUDED, "matches exclude_globs");
        return fail(p, FileReason.NOT_FOUND, detail);
    }

    private static Resolution fail(Path p, FileReason reason, String detail) {
        return new Resolution.Failed(new PathCheck.Denied(p.toString(), reason, detail));
    }

    private static Path withRest(Path p, Deque<String> rest) {
        Path r = p;
        for (String s : rest) {
            if (!s.equals("..")) r = r.resolve(s);
            else r = r.getParent() == null ? r : r.getParent();
        }
        return r;
    }

    /** Pushes the components of {@code path} in front of the work list, dropping '' and '.'. */
    private static void pushFront(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            String s = parts[i];
            if (!s.isEmpty() && !s.equals(".")) pending.addFirst(s);
        }
    }
}
