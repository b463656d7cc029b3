package dev.tollgate.tasks.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The file step operations (SPEC §7.2, §7.5). Each call re-runs the {@link FileGate}'s checks —
 * screen, containment, excludes, read_only, link resolution from the roots, classification — with
 * the resolver walking by descriptor ({@link SecureDir}) instead of by path, and then touches
 * content only through the descriptors that walk holds. So what was checked is what is used: a
 * swap between a caller's earlier {@link FileGate#check} and this call is judged afresh.
 *
 * <p>Bad arguments that are not about the path (negative offset or length, an empty or invalid
 * search pattern) throw {@link IllegalArgumentException}: the caller maps them to a 400. Everything
 * about the path is a {@link FileResult.Refused} with a reason code. Thread-safe (no mutable state).
 */
public final class FileOperations {
    private final FileGate gate;
    private final long maxFileBytes;
    private final RootCache rootCache = new RootCache();

    public FileOperations(FileRules rules) {
        this.gate = new FileGate(rules);
        this.maxFileBytes = rules.maxFileBytes();
    }

    public FileGate gate() {
        return gate;
    }

    /** list_files: a directory's entries (recursively when asked, at most {@code maxEntries}; ≤ 0 → 1000). */
    public FileResult list(String path, Path cwd, boolean recursive, int maxEntries) {
        return run(FileOp.LIST_FILES, path, cwd, f -> ListOp.run(f, gate.excludes(), recursive, maxEntries));
    }

    /** read_file_summary: size, modified (ISO-8601), permissions ("rw-r--r--"), content_type; no content. */
    public FileResult summary(String path, Path cwd) {
        return run(FileOp.READ_FILE_SUMMARY, path, cwd, SummaryOp::run);
    }

    /**
     * read_file_chunk: up to {@code length} (≤ max_file_bytes, else too_large) bytes from {@code offset};
     * {@code text} when the whole chunk is valid UTF-8, else {@code content_base64}; {@code eof}.
     * A file larger than max_file_bytes (measured on the opened file) is too_large.
     */
    public FileResult readChunk(String path, Path cwd, long offset, int length) {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("offset and length must be non-negative");
        if (length > maxFileBytes) {
            return new FileResult.Refused(String.valueOf(path), FileReason.TOO_LARGE,
                    "length " + length + " exceeds max_file_bytes " + maxFileBytes);
        }
        return run(FileOp.READ_FILE_CHUNK, path, cwd, f -> ReadChunkOp.run(f, offset, length, maxFileBytes));
    }

    /** search_files: literal (or RE2 when {@code regex}) search; at most {@code maxResults} (≤ 0 → 100) matches. */
    public FileResult search(String path, Path cwd, String pattern, boolean regex, int maxResults) {
        LineMatcher matcher = LineMatcher.of(pattern, regex); // argument errors before any file system work
        return run(FileOp.SEARCH_FILES, path, cwd, f -> SearchOp.run(f, gate.excludes(), maxFileBytes, matcher, maxResults));
    }

    /**
     * write_file: create, or replace an existing regular file when {@code overwrite}. Never writes
     * through a symbolic link. Content over max_file_bytes is too_large.
     */
    public FileResult write(String path, Path cwd, byte[] content, boolean overwrite) {
        if (content == null) throw new IllegalArgumentException("content must not be null");
        return run(FileOp.WRITE_FILE, path, cwd, f -> {
            if (content.length > maxFileBytes) {
                return new FileResult.Refused(f.realPath().toString(), FileReason.TOO_LARGE,
                        "content is " + content.length + " bytes; max_file_bytes is " + maxFileBytes);
            }
            return WriteOp.run(f, content, overwrite);
        });
    }

    /** delete_file: removes a regular file (never a directory, never through a link). */
    public FileResult delete(String path, Path cwd) {
        return run(FileOp.DELETE_FILE, path, cwd, DeleteOp::run);
    }

    @FunctionalInterface
    private interface Body {
        FileResult apply(Resolution.Found found) throws IOException;
    }

    private FileResult run(FileOp op, String path, Path cwd, Body body) {
        // The gate's own checks, in the gate's order: the lexical ones, then the same resolver and the
        // same classifier — but walking by descriptor. The gate's look-only walk is not repeated
        // first: it would decide nothing this walk does not decide again, on what is actually opened.
        Object lexical = gate.lexical(op, path, cwd);
        if (lexical instanceof PathCheck.Denied d) return FileResult.Refused.of(d);
        Path canonical = (Path) lexical;
        try (Resolution r = gate.resolver().resolve(canonical, !op.writes(), rootCache)) {
            if (r instanceof Resolution.Failed f) return FileResult.Refused.of(f.denied());
            Resolution.Found found = (Resolution.Found) r;
            PathCheck again = gate.classify(op, found);
            if (again instanceof PathCheck.Denied d) return FileResult.Refused.of(d);
            return body.apply(found);
        } catch (DirHandle.ChangedException e) {
            return new FileResult.Refused(canonical.toString(), FileReason.INVALID_PATH, e.getMessage() + "; refused");
        } catch (NoSuchFileException e) {
            return new FileResult.Refused(canonical.toString(), FileReason.NOT_FOUND, "disappeared during the operation");
        } catch (AccessDeniedException e) {
            return new FileResult.Refused(canonical.toString(), FileReason.NOT_FOUND, "permission denied");
        } catch (FileSystemException e) {
            // ELOOP (a link swapped in under NOFOLLOW), EISDIR, ENOTDIR...: the file system moved under us
            return new FileResult.Refused(canonical.toString(), FileReason.INVALID_PATH,
                    "file system changed during the operation; refused (" + e.getReason() + ")");
        } catch (IOException e) {
            return new FileResult.Refused(canonical.toString(), FileReason.INVALID_PATH,
                    "I/O error: " + e.getClass().getSimpleName());
        }
    }
}
