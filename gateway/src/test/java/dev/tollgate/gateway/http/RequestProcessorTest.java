package dev.tollgate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestProcessorTest {
    private final List<String> calls = new ArrayList<>();

    private Filter recording(String name) {
        return req -> {
            calls.add(name);
            return Filter.pass();
        };
    }

    private ApiResponse run(RequestProcessor processor, String method, String uri) throws Exception {
        return processor.process(ApiRequest.builder(method, uri).build()).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    private final Router router = new Router()
            .get("/ok", req -> {
                calls.add("route");
                return CompletableFuture.completedFuture(ApiResponse.ok("fine"));
            })
            .get("/null-future", req -> null)
            .get("/null-response", req -> CompletableFuture.completedFuture(null));

    @Test
    void filtersRunInOrderBeforeTheRoute() throws Exception {
        RequestProcessor p = new RequestProcessor(router, List.of(recording("first"), recording("second")));
        assertEquals(200, run(p, "GET", "/ok").status());
        assertEquals(List.of("first", "second", "route"), calls);
    }

    @Test
    void failingFilterStopsTheChainAsynchronously() throws Exception {
        Filter denyLater = req -> CompletableFuture.supplyAsync(() -> {
            throw new CompletionException(ApiException.forbidden("reviewers only"));
        });
        RequestProcessor p = new RequestProcessor(router, List.of(recording("first"), denyLater, recording("never")));
        ApiResponse r = run(p, "GET", "/ok");
        assertEquals(403, r.status());
        assertEquals(new ErrorBody("reviewers only", "forbidden", null), ((ApiResponse.JsonBody) r.body()).value());
        assertEquals(List.of("first"), calls);
    }

    @Test
    void filtersDoNotRunForUnknownRoutes() throws Exception {
        RequestProcessor p = new RequestProcessor(router, List.of(recording("auth")));
        assertEquals(404, run(p, "GET", "/missing").status());
        assertEquals(405, run(p, "POST", "/ok").status());
        assertEquals(List.of(), calls);
    }

    @Test
    void routesAndFiltersThatReturnNothingAreInternalErrors() throws Exception {
        RequestProcessor p = new RequestProcessor(router, List.of());
        assertEquals(ErrorMapper.INTERNAL_ERROR, run(p, "GET", "/null-future"));
        assertEquals(ErrorMapper.INTERNAL_ERROR, run(p, "GET", "/null-response"));
        RequestProcessor nullFilter = new RequestProcessor(router, List.of(req -> null));
        assertEquals(ErrorMapper.INTERNAL_ERROR, run(nullFilter, "GET", "/ok"));
    }

    @Test
    void malformedPathParameterIs400() throws Exception {
        Router r = new Router().get("/things/:id", req -> CompletableFuture.completedFuture(ApiResponse.ok("x")));
        ApiResponse response = run(new RequestProcessor(r, List.of()), "GET", "/things/%G0");
        assertEquals(400, response.status());
    }
}
