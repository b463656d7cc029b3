package dev.tollgate.tasks.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.util.Json;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One step as the agent asked for it: {@code {"op": ..., ...}} (§7.2). The whole body is kept so
 * a governor and a performer see every field; {@link #recorded()} is what goes into records.
 */
public record StepRequest(String op, ObjectNode fields) {
    /** Fields never written into step records: a write's content can be large or sensitive. */
    static final List<String> WITHHELD = List.of("content", "content_base64");
    private static final Pattern OP = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public StepRequest {
        if (op == null || !OP.matcher(op).matches()) {
            throw new TaskException(TaskError.INVALID_REQUEST, "op must be a step operation name", "op");
        }
        fields = fields == null ? Json.object() : fields.deepCopy();
        fields.put("op", op);
    }

    /** Parses a request body; a body that is not an object or has no textual {@code op} is invalid. */
    public static StepRequest of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new TaskException(TaskError.INVALID_REQUEST, "a step is a JSON object", null);
        }
        JsonNode op = body.get("op");
        if (op == null || !op.isTextual()) {
            throw new TaskException(TaskError.INVALID_REQUEST, "op is required", "op");
        }
        return new StepRequest(op.asText(), (ObjectNode) body);
    }

    /** A field as text, or null. */
    public String text(String name) {
        JsonNode n = fields.get(name);
        return n == null || !n.isTextual() ? null : n.asText();
    }

    /** The request as recorded on the step: every field but the withheld ones. */
    public ObjectNode recorded() {
        ObjectNode copy = fields.deepCopy();
        copy.remove(WITHHELD);
        return copy;
    }

    /** The withheld fields as JSON text, or null when there are none. */
    String withheldJson() {
        ObjectNode out = Json.object();
        for (String f : WITHHELD) {
            if (fields.has(f)) out.set(f, fields.get(f));
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** The full request again from a step's recorded request and its withheld body (after a restart). */
    static StepRequest restore(JsonNode recorded, String withheldJson) {
        ObjectNode all = recorded != null && recorded.isObject() ? ((ObjectNode) recorded).deepCopy() : Json.object();
        if (withheldJson != null) {
            try {
                JsonNode w = Json.MAPPER.readTree(withheldJson);
                w.fields().forEachRemaining(e -> all.set(e.getKey(), e.getValue()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("corrupt withheld step body", e);
            }
        }
        return of(all);
    }
}
