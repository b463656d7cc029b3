package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.EngineException;
import dev.tollgate.engine.intent.Durations;
import dev.tollgate.engine.intent.Proposal;
import dev.tollgate.engine.util.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a propose body into a {@link Proposal}, accepting Zehrava's V2 aliases. Unknown fields are
 * refused: a mistyped {@code recordcount} silently ignored would skip the threshold rules.
 */
public final class ProposalParser {
    /** Canonical name → accepted spellings, canonical first. */
    private static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry("destination", List.of("destination", "action")),
            Map.entry("policy", List.of("policy", "policy_id", "policyId")),
            Map.entry("payload", List.of("payload")),
            Map.entry("recordCount", List.of("recordCount", "record_count", "estimated_records")),
            Map.entry("estimated_value_usd", List.of("estimated_value_usd", "estimatedValueUsd")),
            Map.entry("sensitivity_tags", List.of("sensitivity_tags", "sensitivityTags")),
            Map.entry("idempotency_key", List.of("idempotency_key", "idempotencyKey")),
            Map.entry("on_behalf_of", List.of("on_behalf_of", "onBehalfOf")),
            Map.entry("expiresIn", List.of("expiresIn", "expires_in")),
            Map.entry("metadata", List.of("metadata")));
    static final int MAX_NAME = 200;

    private ProposalParser() {}

    public static Proposal parse(JsonNode body) {
        if (body == null || !body.isObject()) throw EngineException.invalid(null, "request body must be a JSON object");
        body.fieldNames().forEachRemaining(f -> {
            if (FIELDS.values().stream().noneMatch(l -> l.contains(f))) throw unknown(f);
        });
        String destination = requiredName(body, "destination");
        String policy = requiredName(body, "policy");
        String payload = payload(body);
        Long recordCount = nonNegativeLong(body, "recordCount");
        Double value = nonNegativeNumber(body, "estimated_value_usd");
        List<String> tags = stringList(body, "sensitivity_tags");
        String idem = optionalName(body, "idempotency_key");
        String onBehalfOf = optionalName(body, "on_behalf_of");
        Duration expiresIn = null;
        JsonNode exp = field(body, "expiresIn");
        if (exp != null) {
            expiresIn = Durations.parse(exp.isTextual() ? exp.asText() : null).orElseThrow(() -> EngineException.invalid(
                    "expiresIn", "expiresIn must look like 30m, 1h or 2d (at most 30d)"));
        }
        JsonNode meta = field(body, "metadata");
        if (meta != null && !meta.isObject()) throw EngineException.invalid("metadata", "metadata must be a JSON object");
        long size = payload == null ? 0 : payload.getBytes(StandardCharsets.UTF_8).length;
        return new Proposal(destination, policy, payload, null, size, recordCount, value, tags, idem, onBehalfOf,
                expiresIn, meta == null ? Json.object() : (ObjectNode) meta, null);
    }

    private static EngineException unknown(String f) {
        return new EngineException(EngineException.Kind.INVALID, "unknown_field", "unknown field: " + f, f, null);
    }

    /** The value under any accepted spelling; two spellings with different values are refused. */
    static JsonNode field(JsonNode body, String canonical) {
        JsonNode found = null;
        String foundAs = null;
        for (String name : FIELDS.get(canonical)) {
            JsonNode v = body.get(name);
            if (v == null || v.isNull()) continue;
            if (found != null && !found.equals(v)) {
                throw EngineException.invalid(name, name + " and " + foundAs + " disagree; send one of them");
            }
            found = v;
            foundAs = name;
        }
        return found;
    }

    private static String requiredName(JsonNode body, String canonical) {
        String v = optionalName(body, canonical);
        if (v == null) throw EngineException.invalid(canonical, canonical + " is required");
        return v;
    }

    private static String optionalName(JsonNode body, String canonical) {
        JsonNode v = field(body, canonical);
        if (v == null) return null;
        if (!v.isTextual() || v.asText().isBlank()) {
            throw EngineException.invalid(canonical, canonical + " must be a non-empty string");
        }
        if (v.asText().length() > MAX_NAME) {
            throw EngineException.invalid(canonical, canonical + " must be at most " + MAX_NAME + " characters");
        }
        return v.asText();
    }

    /** Text as is; a JSON object or array is accepted and kept as its JSON text. */
    private static String payload(JsonNode body) {
        JsonNode v = field(body, "payload");
        if (v == null) return null;
        if (v.isTextual()) return v.asText();
        if (v.isContainerNode()) return v.toString();
        throw EngineException.invalid("payload", "payload must be a string, or a JSON object or array");
    }

    private static Long nonNegativeLong(JsonNode body, String canonical) {
        JsonNode v = field(body, canonical);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw EngineException.invalid(canonical, canonical + " must be a non-negative integer");
        }
        return v.asLong();
    }

    private static Double nonNegativeNumber(JsonNode body, String canonical) {
        JsonNode v = field(body, canonical);
        if (v == null) return null;
        if (!v.isNumber() || v.asDouble() < 0 || !Double.isFinite(v.asDouble())) {
            throw EngineException.invalid(canonical, canonical + " must be a non-negative number");
        }
        return v.asDouble();
    }

    private static List<String> stringList(JsonNode body, String canonical) {
        JsonNode v = field(body, canonical);
        if (v == null) return List.of();
        if (!v.isArray()) throw EngineException.invalid(canonical, canonical + " must be a list of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().length() > MAX_NAME) {
                throw EngineException.invalid(canonical, canonical + " must be a list of strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
