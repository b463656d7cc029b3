package dev.tollgate.tasks.files;

import java.util.Locale;

/** The file step operations of SPEC §7.2, by their wire names. */
public enum FileOp {
    LIST_FILES, READ_FILE_SUMMARY, READ_FILE_CHUNK, SEARCH_FILES, WRITE_FILE, DELETE_FILE;

    /** The op name used in step requests, audit events and {@code tollgate files check --op}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FileOp fromWire(String value) {
        for (FileOp op : values()) {
            if (op.wire().equals(value)) return op;
        }
        throw new IllegalArgumentException("unknown file operation '" + value + "' (expected list_files, "
                + "read_file_summary, read_file_chunk, search_files, write_file or delete_file)");
    }

    /** True for operations that change the file system (refused on {@code read_only} roots). */
    public boolean writes() {
        return this == WRITE_FILE || this == DELETE_FILE;
    }
}
