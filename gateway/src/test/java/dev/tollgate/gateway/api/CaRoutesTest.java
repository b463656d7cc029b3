package dev.tollgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ca.CertificateAuthority;
import dev.tollgate.ca.KeyAlgorithm;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiServer;
import dev.tollgate.gateway.http.Router;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The route on a real server over loopback, with no credentials at all. */
class CaRoutesTest {
    @TempDir static Path tmp;
    static CertificateAuthority ca;
    static ApiServer server;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll static void start() throws Exception {
        ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca"), KeyAlgorithm.EC, Clock.systemUTC());
        Router router = new Router();
        new CaRoutes(ca).register(router);
        server = ApiServer.builder(router).host("127.0.0.1").port(0).ioThreads(1).build().start();
    }

    @AfterAll static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<byte[]> send(String method, String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test void pemByDefault() throws Exception {
        for (String query : new String[] {"", "?format=pem", "?format=PEM"}) {
            HttpResponse<byte[]> r = send("GET", "/v1/proxy/ca.crt" + query);
            assertEquals(200, r.statusCode(), query);
            assertEquals("application/x-pem-file", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals(ca.pemCertificate(), new String(r.body(), StandardCharsets.US_ASCII));
            assertEquals(ca.certificate(), CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(r.body())));
        }
    }

    @Test void derOnRequest() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/v1/proxy/ca.crt?format=der");
        assertEquals(200, r.statusCode());
        assertEquals("application/pkix-cert", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(ca.certificate(), CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(r.body())));
        assertEquals(ca.derCertificate().length, r.body().length);
    }

    @Test void anotherFormatIsA400NamingTheField() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/v1/proxy/ca.crt?format=p12");
        assertEquals(400, r.statusCode());
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals("invalid_field", body.get("code").asText());
        assertEquals("format", body.get("field").asText());
        assertEquals("format must be pem or der", body.get("error").asText());
    }

    @Test void onlyGet() throws Exception {
        assertEquals(405, send("POST", "/v1/proxy/ca.crt").statusCode());
    }

    @Test void theRouteAloneRefusesUnknownFormats() {
        ApiException e = assertThrows(ApiException.class,
                () -> new CaRoutes(ca).certificate(ApiRequest.builder("GET", "/v1/proxy/ca.crt?format=x").build()));
        assertEquals(400, e.status());
        assertEquals("format", e.field());
    }
}
