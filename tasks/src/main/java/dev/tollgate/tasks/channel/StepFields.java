package dev.tollgate.tasks.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.tasks.service.StepRequest;
import dev.tollgate.tasks.service.TaskError;
import dev.tollgate.tasks.service.TaskException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Shape checks of a step request (SPEC §7.2): which fields each op takes, their JSON types and
 * bounds. A request of the wrong shape is not a step: it is refused with 400 {@code invalid_request}
 * naming the field, and nothing is recorded. What the fields <em>mean</em> (a path outside every
 * root, a command that is not allowed) is the governor's business and ends as a blocked step.
 */
final class StepFields {
    /** Longer commands are refused outright; those over 16 KiB are parsed and blocked by the classifier. */
    static final int MAX_COMMAND_CHARS = 65_536;
    static final int MAX_PATH_CHARS = 8_192;
    static final int MAX_PATTERN_CHARS = 1_024;
    static final int MAX_ENTRIES = 10_000;
    static final int MAX_RESULTS = 10_000;

    static final Map<String, Set<String>> FIELDS = Map.of(
            "shell", Set.of("op", "command", "cwd", "timeout_seconds"),
            "list_files", Set.of("op", "path", "cwd", "recursive", "max_entries"),
            "read_file_summary", Set.of("op", "path", "cwd"),
            "read_file_chunk", Set.of("op", "path", "cwd", "offset", "length"),
            "search_files", Set.of("op", "path", "cwd", "pattern", "regex", "max_results"),
            "write_file", Set.of("op", "path", "cwd", "content", "content_base64", "overwrite"),
            "delete_file", Set.of("op", "path", "cwd"));

    private StepFields() {}

    static TaskException invalid(String field, String message) {
        return new TaskException(TaskError.INVALID_REQUEST, message, field);
    }

    /** The op is known and no field outside its list is present. */
    static void checkShape(StepRequest r) {
        Set<String> allowed = FIELDS.get(r.op());
        if (allowed == null) {
            throw invalid("op", "unknown op '" + r.op() + "': expected shell, list_files, read_file_summary, "
                    + "read_file_chunk, search_files, write_file or delete_file");
        }
        for (Iterator<String> it = r.fields().fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw invalid(f, "unknown field '" + f + "' for op " + r.op());
        }
    }

    /** A required non-empty string of at most {@code max} characters. */
    static String requiredText(StepRequest r, String field, int max) {
        String s = optionalText(r, field, max);
        if (s == null) throw invalid(field, field + " is required");
        return s;
    }

    /** An optional string (absent or null → null); empty or too long is invalid. */
    static String optionalText(StepRequest r, String field, int max) {
        JsonNode n = r.fields().get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw invalid(field, field + " must be a string");
        String s = n.asText();
        if (s.isEmpty()) throw invalid(field, field + " must not be empty");
        if (s.length() > max) throw invalid(field, field + " must be at most " + max + " characters");
        return s;
    }

    static boolean bool(StepRequest r, String field, boolean dflt) {
        JsonNode n = r.fields().get(field);
        if (n == null || n.isNull()) return dflt;
        if (!n.isBoolean()) throw invalid(field, field + " must be true or false");
        return n.booleanValue();
    }

    /** An optional integer in [min, max]; absent → {@code dflt}. Floats and numeric strings are invalid. */
    static long integer(StepRequest r, String field, long min, long max, long dflt) {
        JsonNode n = r.fields().get(field);
        if (n == null || n.isNull()) return dflt;
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw invalid(field, field + " must be an integer from " + min + " to " + max);
        }
        return n.longValue();
    }

    /**
     * The bytes of a write: exactly one of {@code content} (UTF-8 text) or {@code content_base64}.
     * Bounded by the API's body limit; max_file_bytes is the governor's check (too_large).
     */
    static byte[] content(StepRequest r) {
        JsonNode text = r.fields().get("content");
        JsonNode b64 = r.fields().get("content_base64");
        boolean hasText = text != null && !text.isNull();
        boolean hasB64 = b64 != null && !b64.isNull();
        if (hasText == hasB64) {
            throw invalid(hasText ? "content_base64" : "content", "give exactly one of content or content_base64");
        }
        if (hasText) {
            if (!text.isTextual()) throw invalid("content", "content must be a string");
            return text.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!b64.isTextual()) throw invalid("content_base64", "content_base64 must be a string");
        try {
            return Base64.getDecoder().decode(b64.asText());
        } catch (IllegalArgumentException e) {
            throw invalid("content_base64", "content_base64 is not valid base64");
        }
    }
}
