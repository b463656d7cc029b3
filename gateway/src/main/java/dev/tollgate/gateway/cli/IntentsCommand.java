package dev.tollgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "intents", description = "Intents: list, inspect, approve, reject.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {IntentsCommand.List.class, IntentsCommand.Show.class, IntentsCommand.Approve.class,
                IntentsCommand.Reject.class})
final class IntentsCommand extends GroupCommand {

    @Command(name = "list", description = "List intents, newest first.")
    static final class List extends ApiCommand {
        @Option(names = "--status", paramLabel = "STATUS", description = "e.g. pending_approval, approved, blocked, expired")
        String status;
        @Option(names = "--limit", paramLabel = "N", description = "At most N intents (default: the server's)")
        Integer limit;

        List(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            if (limit != null && limit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit: must be at least 1, not " + limit);
            }
            StringBuilder path = new StringBuilder("/v1/intents");
            char sep = '?';
            if (status != null) {
                path.append(sep).append("status=").append(ApiClient.query(status));
                sep = '&';
            }
            if (limit != null) path.append(sep).append("limit=").append(limit);
            Table table = new Table("ID", "STATUS", "AGENT", "DESTINATION", "POLICY", "REASON_CODE", "CREATED");
            for (JsonNode i : api.get(path.toString()).path("intents")) {
                table.row(Json.text(i, "intentId", "id", "intent_id"), Json.text(i, "status"),
                        Json.text(i, "agentId", "agent_id", "agent"),
                        Json.text(i, "destination"), Json.text(i, "policy"),
                        Json.text(i, "reason_code", "reasonCode"), Json.text(i, "created_at", "createdAt"));
            }
            table.print(out);
            return 0;
        }
    }

    @Command(name = "show", description = "Print one intent with its audit trail, as JSON.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "Intent id (int_...)")
        String id;

        Show(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            out.println(Json.pretty(api.get("/v1/intents/" + ApiClient.segment(id))));
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a pending intent (reviewer or admin key).")
    static final class Approve extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "Intent id (int_...)")
        String id;

        Approve(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            JsonNode r = api.post("/v1/intents/" + ApiClient.segment(id) + "/approve", Json.object());
            out.println(Terminal.safe(id) + ": " + Terminal.safe(Json.text(r, "status")));
            return 0;
        }
    }

    @Command(name = "reject", description = "Reject a pending intent (reviewer or admin key).")
    static final class Reject extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "Intent id (int_...)")
        String id;
        @Option(names = "--reason", paramLabel = "REASON", description = "Why; recorded in the audit trail")
        String reason;

        Reject(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            ObjectNode body = Json.object();
            if (reason != null) body.put("reason", reason);
            JsonNode r = api.post("/v1/intents/" + ApiClient.segment(id) + "/reject", body);
            String answer = Json.text(r, "reason");
            out.println(Terminal.safe(id) + ": " + Terminal.safe(Json.text(r, "status"))
                    + (answer.isEmpty() ? "" : " (" + Terminal.safe(answer) + ")"));
            return 0;
        }
    }
}
