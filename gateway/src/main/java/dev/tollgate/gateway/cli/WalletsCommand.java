package dev.tollgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tollgate wallets list|credit}: task-channel wallets (SPEC §7.7). */
@Command(name = "wallets", description = "Wallets of the task channel: list balances, credit one (admin key).",
        synopsisSubcommandLabel = "COMMAND", subcommands = {WalletsCommand.List.class, WalletsCommand.Credit.class})
final class WalletsCommand extends GroupCommand {

    @Command(name = "list", description = "List wallet balances (reviewer or admin key).")
    static final class List extends ApiCommand {
        List(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            Table table = new Table("SCOPE", "ID", "BALANCE", "UPDATED");
            for (JsonNode w : api.get("/v1/wallets").path("wallets")) {
                table.row(Json.text(w, "scope"), Json.text(w, "id"), Json.text(w, "balance"), Json.text(w, "updated_at"));
            }
            table.print(out);
            return 0;
        }
    }

    @Command(name = "credit", description = {"Credit a wallet (admin key); held steps it can now pay for resume."})
    static final class Credit extends ApiCommand {
        @Parameters(index = "0", paramLabel = "SCOPE", description = "user, team or org")
        String scope;
        @Parameters(index = "1", paramLabel = "ID", description = "The user, team or org id")
        String id;
        @Parameters(index = "2", paramLabel = "AMOUNT", description = "A positive whole number of units")
        long amount;

        Credit(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            if (!scope.equals("user") && !scope.equals("team") && !scope.equals("org")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "SCOPE: must be user, team or org, not " + scope);
            }
            if (amount < 1) throw new CommandLine.ParameterException(spec.commandLine(), "AMOUNT: must be at least 1");
            JsonNode r = api.post("/v1/wallets/" + ApiClient.segment(scope) + "/" + ApiClient.segment(id) + "/credit",
                    Json.object().put("amount", amount));
            JsonNode w = r.path("wallet");
            out.println(Terminal.safe(Json.text(w, "scope")) + "/" + Terminal.safe(Json.text(w, "id")) + ": balance "
                    + Json.text(w, "balance") + (r.path("resumed").size() > 0
                    ? " (" + r.path("resumed").size() + " held step(s) resumed)" : ""));
            return 0;
        }
    }
}
