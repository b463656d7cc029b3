package dev.tollgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DashboardRoutesTest {
    private final Router router = new Router();

    DashboardRoutesTest() { new DashboardRoutes().register(router); }

    private ApiResponse get(String path) throws Exception {
        Router.Match m = router.match("GET", path);
        Router.Found found = assertInstanceOf(Router.Found.class, m, path);
        var b = ApiRequest.builder("GET", path);
        found.params().forEach(b::pathParam);
        return found.route().handle(b.build()).toCompletableFuture().get();
    }

    private static String text(ApiResponse r) {
        return new String(((ApiResponse.BytesBody) r.body()).content(), StandardCharsets.UTF_8);
    }

    @Test void thePageAndEveryAssetAreServedWithTheirTypeAndStrictHeaders() throws Exception {
        Map<String, String> expected = Map.of("/dashboard", "text/html; charset=utf-8",
                "/dashboard/", "text/html; charset=utf-8",
                "/dashboard/index.html", "text/html; charset=utf-8",
                "/dashboard/dashboard.css", "text/css; charset=utf-8",
                "/dashboard/dashboard.js", "text/javascript; charset=utf-8",
                "/dashboard/events.js", "text/javascript; charset=utf-8",
                "/dashboard/favicon.svg", "image/svg+xml");
        for (var e : expected.entrySet()) {
            ApiResponse r = get(e.getKey());
            assertEquals(200, r.status(), e.getKey());
            assertEquals(e.getValue(), ((ApiResponse.BytesBody) r.body()).contentType(), e.getKey());
            String csp = r.headers().get("Content-Security-Policy");
            assertTrue(csp.startsWith("default-src 'self'"), csp);
            assertTrue(csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            assertEquals("no-cache", r.headers().get("Cache-Control"));
            assertEquals("nosniff", r.headers().get("X-Content-Type-Options"));
        }
    }

    @Test void onlyTheFixedAssetsExist() {
        for (String bad : List.of("/dashboard/..%2Fpom.xml", "/dashboard/%2e%2e", "/dashboard/missing.js",
                "/dashboard/DASHBOARD.JS", "/dashboard/tollgate-version.properties")) {
            ApiException e = assertThrows(ApiException.class, () -> get(bad), bad);
            assertEquals(404, e.status(), bad);
        }
        assertInstanceOf(Router.NotFound.class, router.match("GET", "/dashboard/a/b"));
    }

    @Test void thePageLoadsNothingFromElsewhereAndHasNoInlineScriptOrStyle() throws Exception {
        for (String asset : DashboardRoutes.ASSETS.keySet()) {
            String t = text(get("/dashboard/" + asset));
            assertFalse(t.matches("(?s).*(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/.*") && !asset.endsWith(".svg"),
                    asset + " names another origin");
            assertFalse(t.contains("localStorage.setItem") || t.contains("document.cookie ="), asset + " persists the key");
        }
        String html = text(get("/dashboard"));
        Matcher scripts = Pattern.compile("<script([^>]*)>([^<]*)</script>").matcher(html);
        while (scripts.find()) {
            assertTrue(scripts.group(1).contains("src=\"/dashboard/"), "only scripts from the jar: " + scripts.group());
            assertEquals("", scripts.group(2).strip(), "no inline script");
        }
        assertFalse(html.contains("style=") || html.contains("<style"), "no inline style");
        assertFalse(html.contains("innerHTML"));
        assertFalse(text(get("/dashboard/dashboard.js")).contains("innerHTML"), "server data is never parsed as HTML");
    }
}
