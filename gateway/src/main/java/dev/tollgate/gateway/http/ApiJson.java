package dev.tollgate.gateway.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one ObjectMapper the API shares: building a mapper is expensive and a configured one is thread-safe, so
 * request handling never creates one.
 */
public final class ApiJson {
    private static final ObjectMapper MAPPER = newMapper();

    private ApiJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The configuration the API expects: strict about what it reads, since request bodies are untrusted. */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                // `{"a":1} trailing` and `{"a":1,"a":2}` are ambiguous requests; refuse them instead of guessing.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
}
