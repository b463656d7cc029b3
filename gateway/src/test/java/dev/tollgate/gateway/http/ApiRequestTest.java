package dev.tollgate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiRequestTest {
    record Propose(String destination, int recordCount) {
    }

    @Test
    void bearerTokenOnlyFromTheBearerScheme() {
        assertEquals("k1", ApiRequest.builder("GET", "/").header("authorization", "Bearer k1").build().bearerToken());
        assertEquals("k2", ApiRequest.builder("GET", "/").header("Authorization", "bearer  k2 ").build().bearerToken());
        assertNull(ApiRequest.builder("GET", "/").build().bearerToken());
        assertNull(ApiRequest.builder("GET", "/").header("Authorization", "Basic abc").build().bearerToken());
        assertNull(ApiRequest.builder("GET", "/").header("Authorization", "Bearer ").build().bearerToken());
        assertNull(ApiRequest.builder("GET", "/").header("Authorization", "Bearerk3").build().bearerToken());
    }

    @Test
    void headersAreCaseInsensitiveAndQueryHasFirstAndAllValues() {
        ApiRequest r = ApiRequest.builder("get", "/v1/intents/?status=pending&limit=5&status=approved&x=a%20b+c")
                .header("X-Trace", "t1").header("x-trace", "t2").build();
        assertEquals("GET", r.method());
        assertEquals("/v1/intents/", r.path());
        assertEquals("t1", r.header("x-TRACE"));
        assertEquals(List.of("t1", "t2"), r.headers("X-Trace"));
        assertEquals("pending", r.queryParam("status"));
        assertEquals(List.of("pending", "approved"), r.queryParams("status"));
        assertEquals("a b c", r.queryParam("x"));
        assertNull(r.queryParam("missing"));
        assertEquals(List.of(), r.queryParams("missing"));
    }

    @Test
    void undecodableQueryIsAClientError() {
        ApiRequest r = ApiRequest.builder("GET", "/x?q=%zz").build();
        assertEquals("/x", r.path());
        ApiException e = assertThrows(ApiException.class, () -> r.queryParam("q"));
        assertEquals(400, e.status());
        assertEquals("invalid_query", e.code());
    }

    @Test
    void absoluteFormTargetKeepsOnlyThePath() {
        assertEquals("/v1/x", ApiRequest.builder("GET", "http://127.0.0.1:4000/v1/x?a=1").build().path());
        assertEquals("/", ApiRequest.builder("GET", "http://127.0.0.1:4000").build().path());
    }

    @Test
    void emptyBodyReadsAsEmptyObject() {
        assertEquals("{}", ApiRequest.builder("POST", "/").build().json().toString());
        assertEquals("{}", ApiRequest.builder("POST", "/").header("Content-Type", "application/json")
                .body(" \n".getBytes()).build().json().toString());
        ApiException notJson = assertThrows(ApiException.class, () -> ApiRequest.builder("POST", "/")
                .header("Content-Type", "text/plain").body(" \n".getBytes()).build().json());
        assertEquals(415, notJson.status());
    }

    @Test
    void jsonIsParsedOnceAndBindsToRecordsNamingTheBadField() {
        ApiRequest r = ApiRequest.builder("POST", "/").json("{\"destination\":\"stripe.refund\",\"recordCount\":3}")
                .build();
        assertSame(r.json(), r.json());
        assertEquals(new Propose("stripe.refund", 3), r.json(Propose.class));

        ApiException wrongType = assertThrows(ApiException.class, () -> ApiRequest.builder("POST", "/")
                .json("{\"destination\":\"d\",\"recordCount\":\"many\"}").build().json(Propose.class));
        assertEquals("invalid_field", wrongType.code());
        assertEquals("recordCount", wrongType.field());

        ApiException unknown = assertThrows(ApiException.class, () -> ApiRequest.builder("POST", "/")
                .json("{\"destinaton\":\"d\"}").build().json(Propose.class));
        assertEquals("destinaton", unknown.field());
        assertTrue(unknown.getMessage().contains("unknown field"));
    }

    @Test
    void trailingGarbageIsMalformed() {
        ApiException e = assertThrows(ApiException.class,
                () -> ApiRequest.builder("POST", "/").json("{\"a\":1} {\"b\":2}").build().json());
        assertEquals(400, e.status());
        assertEquals("malformed_json", e.code());
    }

    @Test
    void attributesAreKeyedByType() {
        ApiRequest r = ApiRequest.builder("GET", "/").build();
        assertNull(r.attr(String.class));
        r.setAttr(String.class, "agent-1");
        r.setAttr(Integer.class, 7);
        assertEquals("agent-1", r.attr(String.class));
        assertEquals(7, r.attr(Integer.class));
    }
}
