package dev.tollgate.proxy.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.util.Json;
import java.lang.System.Logger.Level;

/**
 * One structured line per proxied request on the logger {@code tollgate.access} at INFO: who, what,
 * where, the decision and its reason, the intent, the upstream status, bytes and durations. Query
 * values never appear (the URL is the redacted one).
 */
public final class AccessLog {
    public static final String LOGGER = "tollgate.access";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    /** One finished request; durations in milliseconds, -1 when the step did not happen. */
    public record Entry(String agent, String method, String url, String destination, String policy,
                        String decision, String reasonCode, String intentId, int upstreamStatus,
                        long bytesIn, long bytesOut, double decisionMs, double upstreamMs, double totalMs,
                        String client, String error) {}

    public boolean enabled() { return LOG.isLoggable(Level.INFO); }

    public void log(Entry e) {
        if (!enabled()) return;
        LOG.log(Level.INFO, toJson(e));
    }

    public static String toJson(Entry e) {
        ObjectNode n = Json.object();
        n.put("agent", e.agent()).put("method", e.method()).put("url", e.url())
                .put("destination", e.destination()).put("policy", e.policy())
                .put("decision", e.decision()).put("reason_code", e.reasonCode()).put("intent_id", e.intentId());
        if (e.upstreamStatus() > 0) n.put("upstream_status", e.upstreamStatus());
        else n.putNull("upstream_status");
        n.put("bytes_in", e.bytesIn()).put("bytes_out", e.bytesOut());
        n.put("decision_ms", round(e.decisionMs())).put("upstream_ms", round(e.upstreamMs()))
                .put("total_ms", round(e.totalMs())).put("client", e.client());
        if (e.error() != null) n.put("error", e.error());
        return n.toString();
    }

    private static double round(double ms) { return ms < 0 ? -1 : Math.round(ms * 100) / 100.0; }
}
