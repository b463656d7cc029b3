package dev.tollgate.engine.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers the line it came from, so that validators can name file, line
 * and key for every problem. Produced by {@link LocatedYaml}.
 */
public sealed interface YNode {
    int line();

    /** A short name of the node's kind for error messages ("a map", "a list", "a string"...). */
    String kind();

    record YMap(int line, Map<String, YNode> entries, Map<String, Integer> keyLines) implements YNode {
        public YMap {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keyLines));
        }
        public YNode get(String key) { return entries.get(key); }
        public int lineOf(String key) { return keyLines.getOrDefault(key, line); }
        @Override public String kind() { return "a map"; }
    }

    record YList(int line, List<YNode> items) implements YNode {
        public YList { items = List.copyOf(items); }
        @Override public String kind() { return "a list"; }
    }

    /** A scalar; {@code type} says what YAML made of it. {@code text} is null only for NULL. */
    record YScalar(int line, String text, ScalarType type) implements YNode {
        @Override public String kind() {
            return switch (type) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case DECIMAL -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
            };
        }
    }

    enum ScalarType { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }
}
