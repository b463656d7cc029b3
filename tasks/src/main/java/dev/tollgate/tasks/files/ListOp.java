package dev.tollgate.tasks.files;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** list_files: names, sizes, modification times and types; excluded entries never appear. */
final class ListOp {
    static final int DEFAULT_MAX_ENTRIES = 1000;
    static final int HARD_MAX_ENTRIES = 10_000;

    private ListOp() {}

    static FileResult run(Resolution.Found f, ExcludeGlobs excludes, boolean recursive, int maxEntries) throws IOException {
        int limit = maxEntries <= 0 ? DEFAULT_MAX_ENTRIES : Math.min(maxEntries, HARD_MAX_ENTRIES);
        ObjectNode result = Json.object();
        result.put("path", f.realPath().toString());
        ArrayNode entries = result.putArray("entries");
        boolean truncated = false;
        if (!f.attrs().isDirectory()) {
            entries.add(entry(f.realPath(), f.attrs()));         // listing a file lists that file
        } else {
            SecureDir dir = f.self() != null ? ((SecureDir) f.self()).reopen()
                    : ((SecureDir) f.parent()).openDir(f.name(), f.attrs());
            try {
                TreeWalk walk = new TreeWalk(excludes, recursive);
                truncated = !walk.walk(dir, (d, name, path, a, depth) -> {
                    if (entries.size() >= limit) return false;
                    entries.add(entry(path, a));
                    return true;
                });
            } finally {
                dir.close();
            }
        }
        result.put("truncated", truncated);
        return new FileResult.Ok(f.realPath().toString(), result, 0, 0);
    }

    private static ObjectNode entry(Path path, BasicFileAttributes a) {
        ObjectNode e = Json.object();
        e.put("name", path.getFileName() == null ? "/" : path.getFileName().toString());
        e.put("path", path.toString());
        e.put("type", Json.type(a));
        if (a.isRegularFile()) e.put("size", a.size());
        e.put("modified", a.lastModifiedTime().toInstant().toString());
        return e;
    }
}
