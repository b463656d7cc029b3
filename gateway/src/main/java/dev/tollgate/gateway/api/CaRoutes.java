package dev.tollgate.gateway.api;

import dev.tollgate.ca.CertificateAuthority;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /v1/proxy/ca.crt}: the CA certificate, PEM or {@code ?format=der} (SPEC §6). No
 * authentication: it is public, and an agent needs it before it has anything else set up.
 */
public final class CaRoutes {
    public static final String PATH = "/v1/proxy/ca.crt";
    static final String PEM_TYPE = "application/x-pem-file";
    static final String DER_TYPE = "application/pkix-cert";

    private final byte[] pem;
    private final byte[] der;

    public CaRoutes(CertificateAuthority ca) {
        // Encoded once: the certificate never changes while the server runs.
        this.pem = ca.pemCertificate().getBytes(StandardCharsets.US_ASCII);
        this.der = ca.derCertificate();
    }

    public void register(Router router) {
        router.get(PATH, this::certificate);
    }

    CompletionStage<ApiResponse> certificate(ApiRequest req) {
        String format = req.queryParam("format");
        String f = format == null || format.isEmpty() ? "pem" : format.toLowerCase(Locale.ROOT);
        ApiResponse response = switch (f) {
            case "pem" -> ApiResponse.bytes(200, PEM_TYPE, pem)
                    .withHeader("Content-Disposition", "attachment; filename=\"tollgate-ca.crt\"");
            case "der" -> ApiResponse.bytes(200, DER_TYPE, der)
                    .withHeader("Content-Disposition", "attachment; filename=\"tollgate-ca.der\"");
            default -> throw ApiException.badRequest("invalid_field", "format must be pem or der", "format");
        };
        return CompletableFuture.completedFuture(response);
    }
}
