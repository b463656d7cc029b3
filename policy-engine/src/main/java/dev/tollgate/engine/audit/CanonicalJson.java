package dev.tollgate.engine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.engine.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.erdtman.jcs.JsonCanonicalizer;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 (JSON Canonicalization Scheme): one byte sequence per JSON value, whatever the key
 * order or number spelling, so a hash over it can be recomputed by anyone from the stored JSON.
 *
 * <p>The tree is written directly (keys sorted by UTF-16 code units, strings escaped as RFC 8785
 * says, numbers in ECMAScript form by the reference library's number formatter): the same bytes
 * as the reference canonicaliser run on Jackson's output, which a test checks, at a fraction of
 * the cost of writing, re-parsing and re-writing every audit event.
 *
 * <p>As RFC 8785 requires, numbers are I-JSON: they are read as IEEE-754 doubles, so integers
 * beyond 2^53 are canonicalised to their nearest double. Audit metadata should carry such values
 * (ids, big amounts) as strings.
 */
public final class CanonicalJson {
    private static final long EXACT_INTEGER = 1L << 53;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {}

    /** The canonical form of {@code value} (an object or an array) as UTF-8. */
    public static byte[] utf8(JsonNode value) {
        return string(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical form of {@code value} (an object or an array). */
    public static String string(JsonNode value) {
        if (value == null || !value.isContainerNode()) {
            throw new IllegalArgumentException("RFC 8785 canonicalisation needs a JSON object or array");
        }
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    /**
     * The canonical form of any value, {@code "null"} for none (Java null, JSON null, missing):
     * how a field holding {@code value} is written inside a canonical object.
     */
    public static String valueOrNull(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return "null";
        StringBuilder out = new StringBuilder(value.isContainerNode() ? 128 : 16);
        write(value, out);
        return out.toString();
    }

    /** A string as RFC 8785 writes it, or {@code null} for none. */
    static void stringOrNull(String s, StringBuilder out) {
        if (s == null) out.append("null");
        else string(s, out);
    }

    /** The reference path: Jackson's text through the reference canonicaliser (tests compare with it). */
    static String viaReference(JsonNode value) {
        try {
            return new JsonCanonicalizer(Json.MAPPER.writeValueAsString(value)).getEncodedString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("value cannot be canonicalised: " + e.getMessage(), e);
        }
    }

    private static void write(JsonNode n, StringBuilder out) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(n.size());
                for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) names.add(it.next());
                names.sort(null); // String order is UTF-16 code unit order, as RFC 8785 sorts
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) out.append(',');
                    string(names.get(i), out);
                    out.append(':');
                    write(n.get(names.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) out.append(',');
                    write(n.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(n.textValue(), out);
            case NUMBER -> number(n, out);
            case BOOLEAN -> out.append(n.booleanValue());
            case NULL, MISSING -> out.append("null");
            default -> {
                // Binary and POJO nodes: whatever Jackson writes for them, canonicalised the reference way.
                String wrapped = viaReference(Json.MAPPER.createArrayNode().add(n));
                out.append(wrapped, 1, wrapped.length() - 1);
            }
        }
    }

    private static void number(JsonNode n, StringBuilder out) {
        if (n.canConvertToLong() && n.isIntegralNumber()) {
            long v = n.longValue();
            if (v > -EXACT_INTEGER && v < EXACT_INTEGER) {
                out.append(v); // what ECMAScript prints for an exactly representable integer
                return;
            }
        }
        // Exactly what a reader of the stored text gets: the double nearest to Jackson's spelling.
        String text = n.asText();
        double d = Double.parseDouble(text);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            // Jackson writes these as strings ("NaN"), and that is what the stored JSON holds.
            string(text, out);
            return;
        }
        try {
            out.append(NumberToJSON.serializeNumber(d));
        } catch (IOException e) {
            throw new IllegalArgumentException("number cannot be canonicalised: " + text, e);
        }
    }

    /** A JSON string as RFC 8785 writes it: only '"', '\\' and control characters escaped. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
