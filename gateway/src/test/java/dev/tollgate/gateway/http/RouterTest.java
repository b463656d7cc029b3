package dev.tollgate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static Route named(String name) {
        return new Route() {
            @Override
            public CompletableFuture<ApiResponse> handle(ApiRequest request) {
                return CompletableFuture.completedFuture(ApiResponse.ok(name));
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private final Route approve = named("approve");
    private final Route show = named("show");
    private final Route stats = named("stats");
    private final Route audit = named("audit");
    private final Route root = named("root");
    private final Router router = new Router()
            .post("/v1/intents/:id/approve", approve)
            .get("/v1/intents/:id", show)
            .get("/v1/intents/stats", stats)
            .get("/v1/intents/:intentId/audit", audit)
            .get("/", root);

    private Router.Found found(String method, String path) {
        return assertInstanceOf(Router.Found.class, router.match(method, path));
    }

    @Test
    void bindsParametersByName() {
        Router.Found f = found("POST", "/v1/intents/int_42/approve");
        assertSame(approve, f.route());
        assertEquals(Map.of("id", "int_42"), f.params());
        assertEquals("/v1/intents/:id/approve", f.pattern());
        assertEquals(Map.of("intentId", "int_9"), found("GET", "/v1/intents/int_9/audit").params());
    }

    @Test
    void literalSegmentBeatsParameterAndParametersMatchWholeSegmentsOnly() {
        assertSame(stats, found("GET", "/v1/intents/stats").route());
        assertSame(show, found("GET", "/v1/intents/statsx").route());
        assertInstanceOf(Router.NotFound.class, router.match("GET", "/v1/intents"));
        assertInstanceOf(Router.NotFound.class, router.match("GET", "/v1/intents//audit"));
        assertInstanceOf(Router.NotFound.class, router.match("GET", "/v1/intents/a/b/c"));
        assertInstanceOf(Router.NotFound.class, router.match("GET", "v1/intents/a"));
    }

    @Test
    void toleratesOneTrailingSlash() {
        assertSame(show, found("GET", "/v1/intents/int_1/").route());
        assertSame(root, found("GET", "/").route());
        assertInstanceOf(Router.NotFound.class, router.match("GET", "/v1/intents/int_1//"));
    }

    @Test
    void decodesParametersPerSegment() {
        assertEquals("a/b", found("GET", "/v1/intents/a%2Fb").params().get("id"));
        assertEquals("a+b é", found("GET", "/v1/intents/a+b%20%C3%A9").params().get("id"));
        ApiException bad = assertThrows(ApiException.class, () -> router.match("GET", "/v1/intents/%zz"));
        assertEquals(400, bad.status());
        assertEquals("invalid_path", bad.code());
        assertThrows(ApiException.class, () -> router.match("GET", "/v1/intents/%C3"));
    }

    @Test
    void otherMethodsOnAKnownPathAreReported() {
        Router.NotAllowed na = assertInstanceOf(Router.NotAllowed.class,
                router.match("DELETE", "/v1/intents/int_1/approve"));
        assertEquals(List.of("POST"), na.allowed());
        router.delete("/v1/intents/:id", show);
        assertEquals(List.of("DELETE", "GET"),
                assertInstanceOf(Router.NotAllowed.class, router.match("PUT", "/v1/intents/x")).allowed());
    }

    @Test
    void methodOnTheParameterBranchIsFoundWhenTheLiteralBranchLacksIt() {
        Router r = new Router().post("/a/literal", stats).get("/a/:p", show);
        Router.Found viaParameter = found(r, "GET", "/a/literal");
        assertSame(show, viaParameter.route());
        assertEquals(Map.of("p", "literal"), viaParameter.params());
        assertSame(stats, found(r, "POST", "/a/literal").route());
        assertEquals(List.of("GET", "POST"),
                assertInstanceOf(Router.NotAllowed.class, r.match("PUT", "/a/literal")).allowed());
    }

    private static Router.Found found(Router r, String method, String path) {
        return assertInstanceOf(Router.Found.class, r.match(method, path));
    }

    @Test
    void refusesClashesAndBadPatterns() {
        assertThrows(IllegalStateException.class, () -> router.get("/v1/intents/:other", show));
        assertThrows(IllegalArgumentException.class, () -> router.get("no-slash", show));
        assertThrows(IllegalArgumentException.class, () -> router.get("/a/:x/:x", show));
        assertThrows(IllegalArgumentException.class, () -> router.get("/a//b", show));
        router.freeze();
        assertThrows(IllegalStateException.class, () -> router.get("/late", show));
    }
}
