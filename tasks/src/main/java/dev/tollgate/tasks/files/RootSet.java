package dev.tollgate.tasks.files;

import dev.tollgate.tasks.policy.AllowedRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Containment by path components ({@link Path#startsWith(Path)} compares names, so
 * {@code /srv/root-evil} is not under {@code /srv/root}). When roots nest, the most specific one
 * decides: {@code scratch} may be {@code read_write} inside a {@code read_only} project.
 */
final class RootSet {
    private final List<AllowedRoot> roots;        // configuration order (first = default cwd)
    private final List<AllowedRoot> deepestFirst;

    RootSet(List<AllowedRoot> roots) {
        for (AllowedRoot r : roots) {
            if (!r.path().equals(r.path().normalize())) {
                throw new IllegalArgumentException("allowed root is not normalised: " + r.path());
            }
        }
        this.roots = List.copyOf(roots);
        List<AllowedRoot> sorted = new ArrayList<>(roots);
        sorted.sort(Comparator.comparingInt((AllowedRoot r) -> r.path().getNameCount()).reversed());
        this.deepestFirst = List.copyOf(sorted);
    }

    AllowedRoot first() {
        return roots.get(0);
    }

    /** The most specific root containing the absolute, normalised {@code p}, or null. */
    AllowedRoot rootFor(Path p) {
        for (AllowedRoot r : deepestFirst) {
            if (p.startsWith(r.path())) return r;
        }
        return null;
    }

    /** The root whose path is exactly {@code p}, or null. */
    AllowedRoot rootAt(Path p) {
        for (AllowedRoot r : roots) {
            if (r.path().equals(p)) return r;
        }
        return null;
    }

    /**
     * True when {@code p} is a strict ancestor of some root. Roots are canonical, so such a path is a
     * real directory chain with no symbolic links: '..' can be applied to it lexically.
     */
    boolean isAncestorOfRoot(Path p) {
        for (AllowedRoot r : roots) {
            if (r.path().startsWith(p) && !r.path().equals(p)) return true;
        }
        return false;
    }
}
