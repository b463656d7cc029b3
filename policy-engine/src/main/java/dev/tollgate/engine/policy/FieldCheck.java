package dev.tollgate.engine.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.util.Optional;

/**
 * One entry of a policy's {@code field_checks}: a constraint on the value at a dot path of a JSON
 * object payload ({@code customer.email}; a numeric segment indexes an array: {@code items.0.sku}).
 *
 * <p>A missing or JSON-null value fails only {@code required}; the other constraints apply to
 * values that are present. {@code min}/{@code max} are inclusive and need a number;
 * {@code max_length} counts the characters of a string or the items of an array;
 * {@code pattern} (RE2 syntax, linear time whatever the input) must be found in a scalar's text.
 *
 * @param maxLength null when not set; likewise {@code min}, {@code max} and {@code pattern}
 */
public record FieldCheck(String path, boolean required, Double min, Double max, Integer maxLength, Pattern pattern) {

    /** Why {@code root} fails this check, for the intent's block reason; empty when it passes. */
    public Optional<String> failure(JsonNode root) {
        JsonNode value = resolve(root);
        if (value == null || value.isNull()) {
            return required ? fail("is required") : Optional.empty();
        }
        if (min != null || max != null) {
            if (!value.isNumber()) return fail("must be a number");
            double v = value.doubleValue();
            if (min != null && v < min) return fail("must be at least " + plain(min));
            if (max != null && v > max) return fail("must be at most " + plain(max));
        }
        if (maxLength != null) {
            int length;
            if (value.isTextual()) length = value.textValue().codePointCount(0, value.textValue().length());
            else if (value.isArray()) length = value.size();
            else return fail("must be a string or an array");
            if (length > maxLength) return fail("is longer than " + maxLength);
        }
        if (pattern != null) {
            if (!value.isValueNode()) return fail("must be a string");
            if (!pattern.matcher(value.asText()).find()) return fail("does not match pattern " + pattern.pattern());
        }
        return Optional.empty();
    }

    private JsonNode resolve(JsonNode root) {
        JsonNode node = root;
        for (String segment : path.split("\\.", -1)) {
            if (node == null) return null;
            node = node.isArray() && isIndex(segment) ? node.get(Integer.parseInt(segment)) : node.get(segment);
        }
        return node;
    }

    private static boolean isIndex(String s) {
        return !s.isEmpty() && s.length() <= 9 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private Optional<String> fail(String what) { return Optional.of("'" + path + "' " + what); }

    /** 100.0 → "100", 0.5 → "0.5": the threshold as the operator wrote it. */
    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
