package dev.tollgate.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML document into {@link YNode}s that keep their line numbers. Jackson's tree model
 * drops locations, which would leave operators with "somewhere in policies/x.yaml"; this keeps
 * them. Duplicate keys and parse errors are reported as {@link ConfigException} naming the line.
 */
public final class LocatedYaml {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private LocatedYaml() {}

    public static YNode read(Path file) {
        ConfigFile cf = ConfigFile.read(file);
        return parse(cf.source(), cf.text());
    }

    /** Parses {@code text}; an empty document is an empty map at line 1. */
    public static YNode parse(String source, String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return new YNode.YMap(1, Map.of(), Map.of());
            YNode node = readValue(source, p);
            if (p.nextToken() != null) {
                throw new ConfigException(new ConfigProblem(source, line(p.currentTokenLocation()), "",
                        "more than one YAML document"));
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            if (nl > 0) msg = msg.substring(0, nl);
            throw new ConfigException(new ConfigProblem(source, loc == null ? 0 : line(loc), "",
                    "YAML syntax error: " + msg));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(source, 0, "", "cannot read: " + e.getMessage()));
        }
    }

    private static YNode readValue(String source, JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        int line = line(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT: {
                Map<String, YNode> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p.currentTokenLocation());
                    if (entries.containsKey(key)) {
                        throw new ConfigException(new ConfigProblem(source, keyLine, key, "duplicate key"));
                    }
                    p.nextToken();
                    entries.put(key, readValue(source, p));
                    keyLines.put(key, keyLine);
                }
                return new YNode.YMap(line, entries, keyLines);
            }
            case START_ARRAY: {
                List<YNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(readValue(source, p));
                return new YNode.YList(line, items);
            }
            case VALUE_STRING: return new YNode.YScalar(line, p.getText(), YNode.ScalarType.STRING);
            case VALUE_NUMBER_INT: return new YNode.YScalar(line, p.getText(), YNode.ScalarType.INTEGER);
            case VALUE_NUMBER_FLOAT: return new YNode.YScalar(line, p.getText(), YNode.ScalarType.DECIMAL);
            case VALUE_TRUE: case VALUE_FALSE: return new YNode.YScalar(line, p.getText(), YNode.ScalarType.BOOLEAN);
            case VALUE_NULL: return new YNode.YScalar(line, null, YNode.ScalarType.NULL);
            default:
                throw new ConfigException(new ConfigProblem(source, line, "", "unsupported YAML value " + t));
        }
    }

    private static int line(JsonLocation loc) { return loc == null ? 0 : Math.max(loc.getLineNr(), 0); }
}
