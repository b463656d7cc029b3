package dev.tollgate.proxy.destination;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** Reads a rule's {@code record_count} out of a JSON request body. */
public final class RecordCounts {
    /**
     * Strict: a body with a duplicate key or trailing garbage could be read differently by the
     * policy and by the upstream, so it is refused rather than counted. Decimals stay exact, so
     * that {@code 1.0000000000000000001} is not mistaken for 1.
     */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private RecordCounts() {}

    /**
     * The record count: the length of the array {@code pointer} names, or the non-negative whole
     * number it names. A null pointer means the request is one record and the body is not read.
     *
     * @param pointer a JSON Pointer validated by {@link DestinationsParser}, or null
     * @param body    the request body (any JSON encoding Jackson detects), may be null
     */
    public static RecordCount count(String pointer, byte[] body) {
        if (pointer == null) return new RecordCount.Counted(1);
        JsonPointer at;
        try {
            at = JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            return new RecordCount.Invalid("record_count " + pointer + " is not a JSON Pointer");
        }
        if (body == null || body.length == 0) {
            return new RecordCount.Invalid("the body is empty; a JSON body with " + pointer + " is required");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            return new RecordCount.Invalid("the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            return new RecordCount.Invalid("the body cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new RecordCount.Invalid("the body is empty; a JSON body with " + pointer + " is required");
        }
        JsonNode node = root.at(at);
        if (node.isMissingNode()) return new RecordCount.Invalid("the body has no " + pointer);
        if (node.isArray()) return new RecordCount.Counted(node.size());
        if (node.isNumber()) {
            if (!node.canConvertToExactIntegral()) {
                return new RecordCount.Invalid(pointer + " is " + node.asText() + ", not a whole number");
            }
            if (!node.canConvertToLong()) return new RecordCount.Invalid(pointer + " is too large: " + node.asText());
            long n = node.longValue();
            if (n < 0) return new RecordCount.Invalid(pointer + " is negative: " + n);
            return new RecordCount.Counted(n);
        }
        return new RecordCount.Invalid(pointer + " is " + kind(node) + ", not an array or a number");
    }

    private static String kind(JsonNode n) {
        if (n.isNull()) return "null";
        if (n.isTextual()) return "a string";
        if (n.isBoolean()) return "a boolean";
        if (n.isObject()) return "an object";
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
