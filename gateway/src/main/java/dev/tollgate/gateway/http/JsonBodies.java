package dev.tollgate.gateway.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.Locale;

/** Reading request bodies as JSON, turning every failure into the client error it is. */
final class JsonBodies {
    private JsonBodies() {
    }

    static JsonNode parse(ObjectMapper mapper, byte[] body, String contentType) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        requireJson(contentType);
        try {
            JsonNode node = mapper.readTree(body);
            // whitespace only: nothing was sent, same as an empty body
            return node == null || node.isMissingNode() ? mapper.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "malformed JSON: " + describe(e), null);
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", "malformed JSON", null);
        }
    }

    static <T> T bind(ObjectMapper mapper, JsonNode json, Class<T> type) {
        try {
            return mapper.treeToValue(json, type);
        } catch (UnrecognizedPropertyException e) {
            String field = e.getPropertyName();
            throw ApiException.badRequest("invalid_field", "unknown field '" + field + "'", field);
        } catch (JsonMappingException e) {
            String field = fieldOf(e);
            // Jackson's own text names Java classes; say which input is wrong instead
            String message = field == null ? "request body has the wrong shape" : "invalid value for '" + field + "'";
            throw ApiException.badRequest("invalid_field", message, field);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", "request body has the wrong shape", null);
        }
    }

    /**
     * {@code application/json}, or any {@code type/subtype+json}, optionally with a UTF-8 charset: JSON has
     * no other encoding worth guessing at.
     */
    static void requireJson(String contentType) {
        if (contentType == null) {
            throw ApiException.unsupportedMediaType("Content-Type must be application/json");
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals("application/json")
                || (mediaType.endsWith("+json") && mediaType.indexOf('/') > 0);
        if (!json) {
            throw ApiException.unsupportedMediaType("Content-Type must be application/json, not " + mediaType);
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.regionMatches(true, 0, "charset=", 0, 8)) {
                String charset = param.substring(8).replace("\"", "").trim();
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw ApiException.unsupportedMediaType("JSON must be sent as UTF-8, not " + charset);
                }
            }
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            message += " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return message;
    }

    /** {@code a.b[2].c} style path of the first failing input, or null when the failure is at the root. */
    private static String fieldOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }
}
