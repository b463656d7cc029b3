package dev.tollgate.tasks.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/** read_file_summary: size, modified time, permissions, content type hint — no content returned. */
final class SummaryOp {
    private SummaryOp() {}

    static FileResult run(Resolution.Found f) throws IOException {
        SecureDir dir = (SecureDir) f.parent();
        byte[] head;
        long size;
        // Opened (never following links, identity re-checked) only to sniff the first bytes.
        try (OpenedFile file = OpenedFile.open(dir, f.name(), f.attrs())) {
            size = file.channel.size();
            head = file.read(0, (int) Math.min(ContentTypes.SNIFF_BYTES, size));
        }
        String permissions = PosixFilePermissions.toString(dir.stream()
                .getFileAttributeView(SecureDir.name(f.name()), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes().permissions());
        ObjectNode result = Json.object();
        result.put("path", f.realPath().toString());
        result.put("type", "file");
        result.put("size", size);
        result.put("modified", f.attrs().lastModifiedTime().toInstant().toString());
        result.put("permissions", permissions);
        result.put("content_type", ContentTypes.guess(f.name(), head));
        return new FileResult.Ok(f.realPath().toString(), result, 0, 0);
    }
}
