package dev.tollgate.tasks.files;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Depth-first walk below a held directory for list_files and search_files. Entries are looked at
 * without following links and sub-directories are entered by descriptor ({@link SecureDir#openDir}),
 * so a link is reported as a link and never walked into. Excluded entries are dropped before the
 * visitor sees them, and excluded directories are not entered: they "never appear" (SPEC §7.5).
 */
final class TreeWalk {
    static final int MAX_DEPTH = 64;

    interface Visitor {
        /** @return false to stop the whole walk */
        boolean visit(SecureDir dir, String name, Path path, BasicFileAttributes attrs, int depth) throws IOException;
    }

    private final ExcludeGlobs excludes;
    private final boolean recursive;

    TreeWalk(ExcludeGlobs excludes, boolean recursive) {
        this.excludes = excludes;
        this.recursive = recursive;
    }

    /** @return false when the visitor stopped the walk */
    boolean walk(SecureDir dir, Visitor visitor) throws IOException {
        return walk(dir, visitor, 0);
    }

    private boolean walk(SecureDir dir, Visitor visitor, int depth) throws IOException {
        List<String> names = new ArrayList<>();
        for (Path entry : dir.stream()) names.add(entry.getFileName().toString());
        Collections.sort(names); // stable output for agents and tests
        for (String name : names) {
            Path path = dir.path().resolve(name);
            if (excludes.excludes(path.toString())) continue;
            BasicFileAttributes a = dir.lstat(name);
            if (a == null) continue; // gone since the listing
            if (!visitor.visit(dir, name, path, a, depth)) return false;
            if (recursive && a.isDirectory() && depth + 1 < MAX_DEPTH) {
                SecureDir child;
                try {
                    child = dir.openDir(name, a);
                } catch (IOException e) {
                    continue; // swapped, removed or unreadable: skip it rather than guess
                }
                try (child) {
                    if (!walk(child, visitor, depth + 1)) return false;
                }
            }
        }
        return true;
    }
}
