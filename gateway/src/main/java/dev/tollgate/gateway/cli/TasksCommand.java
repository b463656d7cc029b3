package dev.tollgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tollgate tasks list|show}: the task channel's tasks (SPEC §7.2), read from a running server. */
@Command(name = "tasks", description = "Tasks of the task channel: list, inspect.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {TasksCommand.List.class, TasksCommand.Show.class})
final class TasksCommand extends GroupCommand {

    @Command(name = "list", description = "List tasks, newest first, with their step counts.")
    static final class List extends ApiCommand {
        @Option(names = "--status", paramLabel = "STATUS", description = "running, succeeded, failed or cancelled")
        String status;
        @Option(names = "--limit", paramLabel = "N", description = "At most N tasks (default: the server's)")
        Integer limit;

        List(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            if (limit != null && limit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit: must be at least 1, not " + limit);
            }
            StringBuilder path = new StringBuilder("/v1/tasks");
            char sep = '?';
            if (status != null) {
                path.append(sep).append("status=").append(ApiClient.query(status));
                sep = '&';
            }
            if (limit != null) path.append(sep).append("limit=").append(limit);
            Table table = new Table("ID", "STATUS", "AGENT", "USER", "STEPS", "WAITING", "CREATED");
            for (JsonNode t : api.get(path.toString()).path("tasks")) {
                int waiting = 0;
                for (JsonNode s : t.path("steps")) {
                    String st = Json.text(s, "status");
                    if (st.equals("pending_approval") || st.equals("held_insufficient_balance")) waiting++;
                }
                table.row(Json.text(t, "task_id"), Json.text(t, "status"), Json.text(t, "agent_id"),
                        Json.text(t.path("identity_context"), "user_id"), String.valueOf(t.path("steps").size()),
                        String.valueOf(waiting), Json.text(t, "created_at"));
            }
            table.print(out);
            return 0;
        }
    }

    @Command(name = "show", description = "Print one task with its steps, as JSON.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "Task id (tsk_...)")
        String id;

        Show(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            out.println(Json.pretty(api.get("/v1/tasks/" + ApiClient.segment(id))));
            return 0;
        }
    }
}
