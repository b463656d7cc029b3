package dev.tollgate.gateway.events;

import dev.tollgate.engine.auth.Principal;
import dev.tollgate.engine.auth.Role;
import dev.tollgate.gateway.http.ApiException;
import dev.tollgate.gateway.http.ApiRequest;
import dev.tollgate.gateway.http.ApiResponse;
import dev.tollgate.gateway.http.Router;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /v1/events} (SPEC §8): the dashboard's server-sent events, reviewer or admin key only (missing or
 * unknown key 401, agent 403). {@code Last-Event-ID} (header, or {@code ?lastEventId=} for clients that cannot
 * set it) resumes after that event. The response is {@code 200 text/event-stream}, {@code Cache-Control:
 * no-cache}, kept open; a {@code : keep-alive} comment every 15 s.
 */
public final class EventRoutes {
    public static final String CONTENT_TYPE = "text/event-stream";

    private final EventBus bus;

    public EventRoutes(EventBus bus) { this.bus = bus; }

    public void register(Router r) {
        r.get("/v1/events", this::open);
    }

    CompletionStage<ApiResponse> open(ApiRequest req) {
        Principal p = req.attr(Principal.class);
        if (p == null) throw ApiException.unauthorized();
        if (p.role() != Role.REVIEWER && p.role() != Role.ADMIN) {
            throw ApiException.forbidden("this action needs the reviewer or admin role; this key is "
                    + p.role().name().toLowerCase(Locale.ROOT));
        }
        String lastId = req.header("Last-Event-ID");
        if (lastId == null || lastId.isBlank()) lastId = req.queryParam("lastEventId");
        String from = lastId;
        return CompletableFuture.completedFuture(ApiResponse.stream(200, CONTENT_TYPE,
                stream -> bus.subscribe(new ResponseStreamSink(stream), from)).withHeader("Cache-Control", "no-cache"));
    }
}
