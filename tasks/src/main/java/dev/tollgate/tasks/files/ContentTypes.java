package dev.tollgate.tasks.files;

import java.util.Locale;
import java.util.Map;

/** A content type hint for read_file_summary: by extension, else by the first bytes. A hint, never a promise. */
final class ContentTypes {
    static final int SNIFF_BYTES = 512;

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("txt", "text/plain"), Map.entry("md", "text/markdown"), Map.entry("csv", "text/csv"),
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("ts", "text/x-typescript"),
            Map.entry("json", "application/json"), Map.entry("xml", "application/xml"), Map.entry("yaml", "application/yaml"),
            Map.entry("yml", "application/yaml"), Map.entry("toml", "application/toml"), Map.entry("java", "text/x-java"),
            Map.entry("py", "text/x-python"), Map.entry("rs", "text/x-rust"), Map.entry("go", "text/x-go"),
            Map.entry("c", "text/x-c"), Map.entry("h", "text/x-c"), Map.entry("sh", "application/x-sh"),
            Map.entry("sql", "application/sql"), Map.entry("properties", "text/x-java-properties"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("svg", "image/svg+xml"), Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"), Map.entry("jar", "application/java-archive"),
            Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"), Map.entry("wasm", "application/wasm"));

    private ContentTypes() {}

    static String guess(String fileName, byte[] head) {
        int dot = fileName.lastIndexOf('.');
        if (dot > 0 && dot < fileName.length() - 1) {
            String byExt = BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (byExt != null) return byExt;
        }
        return sniff(head);
    }

    static String sniff(byte[] b) {
        if (starts(b, 0x89, 'P', 'N', 'G')) return "image/png";
        if (starts(b, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (starts(b, 'G', 'I', 'F', '8')) return "image/gif";
        if (starts(b, '%', 'P', 'D', 'F')) return "application/pdf";
        if (starts(b, 'P', 'K', 3, 4)) return "application/zip";
        if (starts(b, 0x1F, 0x8B)) return "application/gzip";
        if (starts(b, 0x7F, 'E', 'L', 'F')) return "application/x-executable";
        if (starts(b, 0x00, 'a', 's', 'm')) return "application/wasm";
        if (starts(b, '#', '!')) return "text/x-script";
        if (starts(b, '{') || starts(b, '[')) return looksText(b) ? "application/json" : "application/octet-stream";
        if (starts(b, '<', '?', 'x', 'm', 'l')) return "application/xml";
        return looksText(b) ? "text/plain" : "application/octet-stream";
    }

    /** No NUL and valid UTF-8, allowing a multi-byte character cut at the end of the sample. */
    static boolean looksText(byte[] b) {
        for (byte x : b) {
            if (x == 0) return false;
        }
        for (int cut = 0; cut < 4 && cut <= b.length; cut++) {
            byte[] head = java.util.Arrays.copyOf(b, b.length - cut);
            if (Utf8.strict(head) != null) return true;
            if (b.length < ContentTypes.SNIFF_BYTES) break; // the whole file: no cut character to forgive
        }
        return false;
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) return false;
        }
        return true;
    }
}
