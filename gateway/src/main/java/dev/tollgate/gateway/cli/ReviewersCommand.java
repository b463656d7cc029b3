package dev.tollgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reviewers", description = "Reviewers (people who approve and reject).", synopsisSubcommandLabel = "COMMAND",
        subcommands = ReviewersCommand.Add.class)
final class ReviewersCommand extends GroupCommand {

    @Command(name = "add", description = "Add a reviewer and print its key (gate_rk_...; admin key needed).")
    static final class Add extends ApiCommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Reviewer name")
        String name;

        Add(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            JsonNode r = api.post("/v1/reviewers", Json.object().put("name", name));
            out.println("reviewer_id: " + Terminal.safe(Json.text(r, "reviewerId", "reviewer_id", "id")));
            out.println("name:        " + Terminal.safe(Json.text(r, "name")));
            out.println("key:         " + Terminal.safe(Json.text(r, "apiKey", "api_key", "key")));
            err().println(AgentsCommand.SHOWN_ONCE);
            return 0;
        }
    }
}
