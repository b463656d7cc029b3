package dev.tollgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate actions list|approve|deny}: the task channel's pending actions (SPEC §7.3).
 * An approval is bound to the digest the reviewer saw: {@code --digest}, or, without it, the
 * action is fetched, its preview printed, and the digest it shows is the one sent (so what was
 * printed is what is approved; a change in between answers 409).
 */
@Command(name = "actions", description = "Pending actions of the task channel: list, approve, deny.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {ActionsCommand.List.class, ActionsCommand.Approve.class, ActionsCommand.Deny.class})
final class ActionsCommand extends GroupCommand {

    @Command(name = "list", description = "List pending actions (or those in --status), oldest first.")
    static final class List extends ApiCommand {
        @Option(names = "--status", paramLabel = "STATUS", defaultValue = "pending",
                description = "pending (default), approved, consumed, denied, expired, cancelled, or all")
        String status;

        List(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            Table table = new Table("ID", "STATUS", "RISK", "AGENT", "TASK", "EXPIRES", "PREVIEW");
            for (JsonNode a : api.get("/v1/actions?status=" + ApiClient.query(status)).path("actions")) {
                table.row(Json.text(a, "action_id"), Json.text(a, "status"), Json.text(a, "risk_level"),
                        Json.text(a, "agent_id"), Json.text(a, "task_id"), Json.text(a, "expires_at"),
                        oneLine(Json.text(a, "preview"), 80));
            }
            table.print(out);
            return 0;
        }
    }

    @Command(name = "approve", description = {
            "Approve a pending action (reviewer or admin key); the step then runs once, on the gateway.",
            "Without --digest the action is fetched and its preview printed first; its digest is sent."})
    static final class Approve extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "Action id (act_...)")
        String id;
        @Option(names = "--digest", paramLabel = "D", description = "The command_digest you reviewed (hex)")
        String digest;

        Approve(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            String d = digest;
            if (d == null) {
                JsonNode a = api.get("/v1/actions/" + ApiClient.segment(id));
                preview(a, out);
                d = Json.text(a, "command_digest");
            }
            JsonNode r = api.post("/v1/actions/" + ApiClient.segment(id) + "/approve", Json.object().put("command_digest", d));
            out.println(Terminal.safe(id) + ": " + Terminal.safe(Json.text(r, "status"))
                    + " (step " + Terminal.safe(Json.text(r, "step_id")) + ")");
            return 0;
        }
    }

    @Command(name = "deny", description = "Deny a pending action (reviewer or admin key): the step is stopped_by_user and never runs.")
    static final class Deny extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "Action id (act_...)")
        String id;
        @Option(names = "--reason", paramLabel = "REASON", description = "Why; recorded in the audit trail")
        String reason;

        Deny(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            ObjectNode body = Json.object();
            if (reason != null) body.put("reason", reason);
            JsonNode r = api.post("/v1/actions/" + ApiClient.segment(id) + "/deny", body);
            out.println(Terminal.safe(id) + ": " + Terminal.safe(Json.text(r, "status")));
            return 0;
        }
    }

    /** What a reviewer approves, shown before the approval is sent. */
    static void preview(JsonNode a, PrintWriter out) {
        out.println("action:  " + Terminal.safe(Json.text(a, "action_id")) + " (" + Terminal.safe(Json.text(a, "status")) + ")");
        out.println("op:      " + Terminal.safe(Json.text(a, "op")));
        out.println("preview: " + Terminal.safe(Json.text(a, "preview")));
        out.println("cwd:     " + Terminal.safe(Json.text(a, "cwd")));
        out.println("risk:    " + Terminal.safe(Json.text(a, "risk_level")) + " - " + Terminal.safe(Json.text(a, "risk_reason")));
        out.println("agent:   " + Terminal.safe(Json.text(a, "agent_id")) + ", task " + Terminal.safe(Json.text(a, "task_id")));
        out.println("expires: " + Terminal.safe(Json.text(a, "expires_at")));
        out.println("digest:  " + Terminal.safe(Json.text(a, "command_digest")));
    }

    static String oneLine(String s, int max) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
