package dev.tollgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code tollgate held}: the proxied requests held waiting for a decision (SPEC §5.4), as a table. */
@Command(name = "held", description = "List proxied requests held open until their intent is decided (reviewer or admin key).")
final class HeldCommand extends ApiCommand {

    HeldCommand(CliContext context) {
        super(context);
    }

    @Override int run(ApiClient api, PrintWriter out) {
        JsonNode body = api.get("/v1/proxy/held");
        Table table = new Table("INTENT", "METHOD", "URL", "AGENT", "DESTINATION", "POLICY", "HELD", "CLIENT");
        for (JsonNode h : body.path("held")) {
            table.row(Json.text(h, "intentId"), Json.text(h, "method"), Json.text(h, "url"), Json.text(h, "agentName", "agentId"),
                    Json.text(h, "destination"), Json.text(h, "policy"), age(h.path("heldMs").asLong(0)),
                    Json.text(h, "client"));
        }
        table.print(out);
        return 0;
    }

    /** {@code 45s}, {@code 3m12s}, {@code 1h05m}. */
    static String age(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        if (d.toHours() > 0) return String.format("%dh%02dm", d.toHours(), d.toMinutesPart());
        if (d.toMinutes() > 0) return String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
        return d.toSeconds() + "s";
    }
}
