package dev.tollgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "agents", description = "Agents and their keys.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {AgentsCommand.Register.class, AgentsCommand.List.class})
final class AgentsCommand extends GroupCommand {

    static final String SHOWN_ONCE = "warning: this is the only time the key is shown; store it now (Tollgate keeps only its hash)";

    @Command(name = "register", description = "Register an agent and print its API key (admin key needed unless open registration is on).")
    static final class Register extends ApiCommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Agent name")
        String name;
        @Option(names = "--risk-tier", paramLabel = "TIER", description = "Risk tier: standard, elevated or restricted (server default: standard)")
        String riskTier;
        @Option(names = "--owner", paramLabel = "OWNER", description = "Who is responsible for the agent")
        String owner;

        Register(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            ObjectNode body = Json.object().put("name", name);
            if (riskTier != null) body.put("riskTier", riskTier);
            if (owner != null) body.put("owner", owner);
            JsonNode agent = api.post("/v1/agents/register", body);
            out.println("agent_id: " + Terminal.safe(Json.text(agent, "agentId", "agent_id", "id")));
            out.println("name:     " + Terminal.safe(Json.text(agent, "name")));
            out.println("api_key:  " + Terminal.safe(Json.text(agent, "apiKey", "api_key")));
            err().println(SHOWN_ONCE);
            return 0;
        }
    }

    @Command(name = "list", description = "List agents (reviewer or admin key).")
    static final class List extends ApiCommand {
        List(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            Table table = new Table("ID", "NAME", "STATUS", "RISK_TIER", "OWNER", "CREATED");
            for (JsonNode a : api.get("/v1/agents").path("agents")) {
                table.row(Json.text(a, "agentId", "agent_id", "id"), Json.text(a, "name"), Json.text(a, "status"),
                        Json.text(a, "riskTier", "risk_tier"), Json.text(a, "owner"),
                        Json.text(a, "created_at", "createdAt"));
            }
            table.print(out);
            return 0;
        }
    }
}
