package dev.tollgate.tasks.files;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * search_files: path, line, column and a preview of each matching line. Skips excluded entries
 * (never entered, never reported), links (never followed), anything not a regular file, files over
 * {@code max_file_bytes} and binary files (a NUL in the first 8 KiB).
 */
final class SearchOp {
    static final int DEFAULT_MAX_RESULTS = 100;
    static final int HARD_MAX_RESULTS = 10_000;
    static final int MAX_FILES = 20_000;
    static final int PREVIEW_CHARS = 200;
    private static final int PREVIEW_LEAD = 40;
    private static final int BINARY_SNIFF = 8192;

    private final ExcludeGlobs excludes;
    private final long maxFileBytes;
    private final LineMatcher matcher;
    private final int limit;
    private final ArrayNode matches;
    private long bytesRead;
    private int filesScanned;
    private int filesSkipped;

    private SearchOp(ExcludeGlobs excludes, long maxFileBytes, LineMatcher matcher, int maxResults, ArrayNode matches) {
        this.excludes = excludes;
        this.maxFileBytes = maxFileBytes;
        this.matcher = matcher;
        this.limit = maxResults <= 0 ? DEFAULT_MAX_RESULTS : Math.min(maxResults, HARD_MAX_RESULTS);
        this.matches = matches;
    }

    static FileResult run(Resolution.Found f, ExcludeGlobs excludes, long maxFileBytes, LineMatcher matcher,
                          int maxResults) throws IOException {
        ObjectNode result = Json.object();
        result.put("path", f.realPath().toString());
        SearchOp op = new SearchOp(excludes, maxFileBytes, matcher, maxResults, result.putArray("matches"));
        boolean complete;
        if (!f.attrs().isDirectory()) {
            complete = op.searchFile((SecureDir) f.parent(), f.name(), f.realPath(), f.attrs());
        } else {
            SecureDir dir = f.self() != null ? ((SecureDir) f.self()).reopen()
                    : ((SecureDir) f.parent()).openDir(f.name(), f.attrs());
            try {
                complete = new TreeWalk(excludes, true).walk(dir, (d, name, path, a, depth) -> {
                    if (!a.isRegularFile()) return true;  // directories are walked; links and specials skipped
                    if (op.filesScanned + op.filesSkipped >= MAX_FILES) return false;
                    return op.searchFile(d, name, path, a);
                });
            } finally {
                dir.close();
            }
        }
        result.put("truncated", !complete);
        result.put("files_scanned", op.filesScanned);
        result.put("files_skipped", op.filesSkipped);
        return new FileResult.Ok(f.realPath().toString(), result, op.bytesRead, 0);
    }

    /** @return false once the result limit is reached */
    private boolean searchFile(SecureDir dir, String name, Path path, BasicFileAttributes a) throws IOException {
        if (excludes.excludes(path.toString()) || !a.isRegularFile() || a.size() > maxFileBytes) {
            filesSkipped++;
            return true;
        }
        byte[] bytes;
        try (OpenedFile file = OpenedFile.open(dir, name, a)) {
            long size = file.channel.size();
            if (size > maxFileBytes) { // grew since it was looked at
                filesSkipped++;
                return true;
            }
            bytes = file.read(0, (int) size);
        } catch (IOException e) {
            filesSkipped++; // swapped or vanished: skip, never follow
            return true;
        }
        bytesRead += bytes.length;
        for (int i = 0, n = Math.min(bytes.length, BINARY_SNIFF); i < n; i++) {
            if (bytes[i] == 0) {
                filesSkipped++;
                return true;
            }
        }
        filesScanned++;
        String text = new String(bytes, StandardCharsets.UTF_8);
        int lineNo = 0;
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            if (nl < 0 && start == text.length() && lineNo > 0) break; // no empty line after a final newline
            lineNo++;
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            int at = matcher.find(line);
            if (at >= 0) {
                if (matches.size() >= limit) return false;
                ObjectNode m = matches.addObject();
                m.put("path", path.toString());
                m.put("line", lineNo);
                m.put("column", line.codePointCount(0, at) + 1);
                m.put("preview", preview(line, at));
            }
            if (nl < 0) break;
            start = nl + 1;
        }
        return true;
    }

    /** Up to {@link #PREVIEW_CHARS} characters of the line around the match, never splitting a surrogate pair. */
    static String preview(String line, int at) {
        if (line.length() <= PREVIEW_CHARS) return line;
        int from = Math.max(0, Math.min(at - PREVIEW_LEAD, line.length() - PREVIEW_CHARS));
        int to = Math.min(line.length(), from + PREVIEW_CHARS);
        if (from > 0 && Character.isLowSurrogate(line.charAt(from))) from++;
        if (to < line.length() && Character.isHighSurrogate(line.charAt(to - 1))) to--;
        return (from > 0 ? "…" : "") + line.substring(from, to) + (to < line.length() ? "…" : "");
    }
}
