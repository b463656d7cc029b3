package dev.tollgate.gateway.api;

import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The reviewer dashboard (SPEC §8): {@code GET /dashboard} and its few static assets, served from
 * the jar ({@code /dashboard/} on the classpath), no authentication for the files themselves (the
 * page asks for a reviewer or admin key and sends it only to the API). Only the fixed list of
 * assets below is served: no path from the request ever reaches the class loader. Every answer
 * carries a strict Content-Security-Policy (nothing but this origin; no inline script or style;
 * no framing), {@code Cache-Control: no-cache} and {@code X-Content-Type-Options: nosniff}.
 */
public final class DashboardRoutes {
    public static final String PATH = "/dashboard";
    static final String RESOURCE_DIR = "/dashboard/";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    /** asset name → content type; {@code index.html} is the page itself. */
    static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "events.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, ApiResponse> responses;

    /** Reads every asset once; a missing one is a packaging error and stops startup. */
    public DashboardRoutes() {
        Map<String, ApiResponse> m = new LinkedHashMap<>();
        ASSETS.forEach((name, type) -> m.put(name, secure(ApiResponse.bytes(200, type, read(name)))));
        this.responses = Map.copyOf(m);
    }

    public void register(Router router) {
        router.get(PATH, req -> serve("index.html"));
        router.get(PATH + "/:asset", this::asset);
    }

    CompletionStage<ApiResponse> asset(ApiRequest req) {
        return serve(req.pathParam("asset"));
    }

    CompletionStage<ApiResponse> serve(String name) {
        ApiResponse r = responses.get(name);
        if (r == null) throw ApiException.notFound("no dashboard asset " + name);
        return CompletableFuture.completedFuture(r);
    }

    static ApiResponse secure(ApiResponse r) {
        return r.withHeader("Content-Security-Policy", CSP)
                .withHeader("Cache-Control", "no-cache")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("Cross-Origin-Opener-Policy", "same-origin");
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) throw new IllegalStateException("dashboard asset missing from the jar: " + RESOURCE_DIR + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard asset " + name, e);
        }
    }
}
