package dev.tollgate.tasks.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * delete_file: regular files only, by unlinkat on the held parent descriptor. unlink removes the
 * directory entry and never follows a link; if the name became a directory meanwhile the kernel
 * refuses (no AT_REMOVEDIR), so nothing but the looked-at kind of entry can go.
 */
final class DeleteOp {
    private DeleteOp() {}

    static FileResult run(Resolution.Found f) throws IOException {
        String path = f.realPath().toString();
        SecureDir dir = (SecureDir) f.parent();
        BasicFileAttributes now = dir.lstat(f.name());
        if (now == null || !now.isRegularFile() || !Objects.equals(now.fileKey(), f.attrs().fileKey())) {
            return new FileResult.Refused(path, FileReason.INVALID_PATH, "file changed before delete; refused");
        }
        dir.stream().deleteFile(SecureDir.name(f.name()));
        ObjectNode result = Json.object();
        result.put("path", path);
        result.put("deleted", true);
        return new FileResult.Ok(path, result, 0, 0);
    }
}
