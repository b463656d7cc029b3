package dev.tollgate.gateway.config;

import dev.tollgate.engine.config.YNode;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A single-valued setting: the same text parser serves flags, environment variables and YAML.
 * YAML types are strict (a port is an integer, not the string {@code "4000"}), as in the
 * policy files, but the message says how to fix a quoted value.
 */
final class ScalarValueType<T> implements ValueType<T> {

    /** Parses text; throws {@link IllegalArgumentException} (message optional) when invalid. */
    interface Parser<T> {
        T parse(String text);
    }

    private final String expected;
    private final YNode.ScalarType yamlType;
    private final Parser<T> parser;
    private final UnaryOperator<String> display;

    /**
     * @param expected what a valid value looks like, completing "must be ...": "a port number 0-65535"
     * @param yamlType the YAML scalar type a valid value has
     */
    ScalarValueType(String expected, YNode.ScalarType yamlType, Parser<T> parser) {
        this(expected, yamlType, parser, UnaryOperator.identity());
    }

    /** @param display how a bad value is shown in messages, e.g. with its password hidden */
    ScalarValueType(String expected, YNode.ScalarType yamlType, Parser<T> parser, UnaryOperator<String> display) {
        this.expected = expected;
        this.yamlType = yamlType;
        this.parser = parser;
        this.display = display;
    }

    @Override public Optional<T> fromText(String text, ProblemSite at) {
        try {
            return Optional.of(parser.parse(text));
        } catch (IllegalArgumentException e) {
            String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
            at.add("must be " + expected + ", not " + quote(display.apply(text)) + detail);
            return Optional.empty();
        }
    }

    @Override public Optional<T> fromYaml(YNode node, ProblemSite at) {
        if (!(node instanceof YNode.YScalar s)) {
            at.add("must be " + expected + ", not " + node.kind());
            return Optional.empty();
        }
        if (s.type() == yamlType) return fromText(s.text(), at);
        if (s.type() == YNode.ScalarType.STRING && parsesAs(s.text())) {
            at.add("must be " + expected + ", not the string " + quote(display.apply(s.text())) + " (remove the quotes)");
        } else {
            at.add("must be " + expected + ", not " + (s.type() == YNode.ScalarType.STRING ? quote(display.apply(s.text())) : s.text()));
        }
        return Optional.empty();
    }

    private boolean parsesAs(String text) {
        try {
            parser.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
