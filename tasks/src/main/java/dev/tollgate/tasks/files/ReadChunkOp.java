package dev.tollgate.tasks.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;

/** read_file_chunk: bytes at an offset, as text when the whole chunk is valid UTF-8, else base64. */
final class ReadChunkOp {
    private ReadChunkOp() {}

    static FileResult run(Resolution.Found f, long offset, int length, long maxFileBytes) throws IOException {
        String path = f.realPath().toString();
        try (OpenedFile file = OpenedFile.open((SecureDir) f.parent(), f.name(), f.attrs())) {
            long size = file.channel.size(); // the opened file's size, not the one looked at
            if (size > maxFileBytes) {
                return new FileResult.Refused(path, FileReason.TOO_LARGE,
                        "file is " + size + " bytes; max_file_bytes is " + maxFileBytes);
            }
            int want = (int) Math.max(0, Math.min(length, size - offset));
            byte[] bytes = want == 0 ? new byte[0] : file.read(offset, want);
            ObjectNode result = Json.object();
            result.put("path", path);
            result.put("offset", offset);
            result.put("length", bytes.length);
            result.put("size", size);
            result.put("eof", offset + bytes.length >= size);
            String text = Utf8.strict(bytes);
            if (text != null) result.put("text", text);
            else result.put("content_base64", Base64.getEncoder().encodeToString(bytes));
            return new FileResult.Ok(path, result, bytes.length, 0);
        }
    }
}
