package dev.tollgate.gateway.api;

import dev.tollgate.engine.auth.Authenticator;
import dev.tollgate.engine.auth.KeyKind;
import dev.tollgate.engine.auth.Principal;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.Filter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Resolves the bearer key, when one is sent, to a {@link Principal} stored on the request; routes
 * then apply the role matrix. A key that is sent but unknown is refused here (401) whatever the
 * route: a caller with a wrong key should learn so, not be treated as anonymous. Execution tokens
 * ({@code gex_}) are not principals; the report route checks them itself.
 */
public final class AuthFilter implements Filter {
    private final Authenticator authenticator;

    public AuthFilter(Authenticator authenticator) { this.authenticator = authenticator; }

    @Override public CompletionStage<Void> apply(ApiRequest req) {
        String key = req.bearerToken();
        if (key == null || KeyKind.ofKey(key) == KeyKind.EXECUTION_TOKEN) return CompletableFuture.completedFuture(null);
        return authenticator.authenticate(key).handle((p, e) -> {
            if (e != null) throw EngineErrors.translate(e);
            Principal principal = p.orElseThrow(() -> ApiException.unauthorized("unknown, suspended or revoked key"));
            req.setAttr(Principal.class, principal);
            return null;
        });
    }
}
