package dev.tollgate.engine.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * An intent's payload as the rules see it: its type, its JSON tree (parsed at most once, only
 * when a rule needs it) and the texts to scan for blocked terms. Nothing is ever read from disk:
 * a payload such as {@code ./leads.csv} only tells its type.
 */
final class Payload {
    /**
     * Duplicate keys are refused: a checker and a receiver that pick different duplicates would
     * let {@code {"amount":1,"amount":1000}} through; trailing data is refused for the same reason.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final int MAX_FILE_NAME = 4096;
    private static final int MAX_EXTENSION = 10;

    private final String text;
    private final String explicitType;
    private JsonNode json;
    private boolean jsonParsed;

    Payload(String text, String explicitType) {
        this.text = text;
        this.explicitType = explicitType == null || explicitType.isBlank() ? null : explicitType;
    }

    /**
     * The explicit type when given; else a bare file name's extension, {@code json} for a JSON
     * object or array, {@code text} for other non-empty text; null without a payload.
     * {@code txt} is reported as {@code text}.
     */
    String type() {
        if (explicitType != null) return PolicyParser.canonicalType(explicitType);
        if (text == null || text.isEmpty()) return null;
        String extension = fileExtension(text);
        if (extension != null) return PolicyParser.canonicalType(extension);
        return json() != null ? "json" : "text";
    }

    /** The payload parsed as a JSON object, or null when it is not one. */
    JsonNode jsonObject() {
        JsonNode node = json();
        return node != null && node.isObject() ? node : null;
    }

    /**
     * The texts in which a blocked term must not occur: the payload as sent, plus the decoded
     * strings of a JSON payload that uses escapes (a term spelled with backslash-u escapes) and the decoded
     * form of a URL-encoded one ({@code legal%20action}), so encoding cannot hide a term.
     */
    List<String> scanTexts() {
        List<String> texts = new ArrayList<>(3);
        if (text == null) return texts;
        texts.add(text);
        if (text.indexOf('\\') >= 0 && json() != null) texts.add(jsonStrings(json));
        if ("form".equals(type()) && text.indexOf('%') >= 0) {
            try {
                texts.add(URLDecoder.decode(text, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // malformed escapes: the raw text is still scanned
            }
        }
        return texts;
    }

    private JsonNode json() {
        if (!jsonParsed) {
            jsonParsed = true;
            json = parseJson(text);
        }
        return json;
    }

    private static JsonNode parseJson(String text) {
        if (text == null) return null;
        String t = text.stripLeading();
        if (!t.startsWith("{") && !t.startsWith("[")) return null;
        try {
            return JSON.readTree(t);
        } catch (IOException e) {
            return null; // not JSON, or beyond the parser's size and depth limits: treated as text
        }
    }

    /**
     * The extension of a payload that is a bare file name or path: no whitespace, ending in a dot
     * and 1–10 letters or digits with at least one letter ({@code leads.csv}, {@code ./a/b.JSON}),
     * so that "3.14" or "Done." are not file names.
     */
    static String fileExtension(String s) {
        if (s.length() > MAX_FILE_NAME) return null;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) return null;
        }
        int dot = s.lastIndexOf('.');
        if (dot <= 0 || s.length() - dot - 1 > MAX_EXTENSION) return null;
        char before = s.charAt(dot - 1);
        if (before == '/' || before == '\\' || before == '.') return null;
        String ext = s.substring(dot + 1);
        boolean letter = false;
        for (int i = 0; i < ext.length(); i++) {
            char c = ext.charAt(i);
            boolean isLetter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!isLetter && (c < '0' || c > '9')) return null;
            letter |= isLetter;
        }
        return letter ? ext : null;
    }

    /** Every field name and string value of {@code root}, one per line. */
    private static String jsonStrings(JsonNode root) {
        StringBuilder out = new StringBuilder();
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isTextual()) {
                out.append(node.textValue()).append('\n');
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    out.append(e.getKey()).append('\n');
                    todo.push(e.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(todo::push);
            }
        }
        return out.toString();
    }
}
