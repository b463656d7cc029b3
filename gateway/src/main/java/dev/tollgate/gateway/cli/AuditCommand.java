package dev.tollgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.config.Settings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "The hash-chained audit trail.", synopsisSubcommandLabel = "COMMAND",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand extends GroupCommand {

    @Command(name = "verify", description = {
            "Check the whole audit chain offline, from the data directory (no server needed).",
            "Prints the number of events (exit 0) or the first event that does not verify (exit 1)."})
    static final class Verify implements Callable<Integer> {
        private final CliContext context;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin LocalOptions local;

        Verify(CliContext context) {
            this.context = context;
        }

        @Override public Integer call() throws Exception {
            Settings settings = local.settings(context);
            AuditTool tool = context.plugins().find(AuditTool.class)
                    .orElseThrow(() -> new CommandFailure(1, "audit verify: audit verification not available in this build"));
            AuditVerification result = tool.verify(settings);
            if (result instanceof AuditVerification.Verified v) {
                spec.commandLine().getOut().println("OK: " + v.events() + (v.events() == 1 ? " event" : " events") + " verified");
                return 0;
            }
            AuditVerification.Broken b = (AuditVerification.Broken) result;
            spec.commandLine().getErr().println("audit chain broken at event " + b.eventId() + " (seq " + b.seq() + "): " + b.reason());
            return 1;
        }
    }

    enum Format { jsonl }

    @Command(name = "export", description = {
            "Print audit events as JSON lines, oldest first, for a SIEM (reviewer or admin key).",
            "Pages through GET /v1/audit?since=SEQ&limit=N until the end."})
    static final class Export extends ApiCommand {
        static final int PAGE = 1000;

        @Option(names = "--since", paramLabel = "SEQ", defaultValue = "0", description = "Only events after this seq (default 0: all)")
        long since;
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl", description = "Output format: ${COMPLETION-CANDIDATES} (default)")
        Format format;

        Export(CliContext context) {
            super(context);
        }

        @Override int run(ApiClient api, PrintWriter out) {
            if (since < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--since: must be 0 or more, not " + since);
            long last = since;
            while (true) {
                List<JsonNode> page = events(api.getText("/v1/audit?since=" + last + "&limit=" + PAGE));
                long before = last;
                for (JsonNode e : page) {
                    JsonNode seq = e.get("seq");
                    if (seq == null || !seq.canConvertToLong()) {
                        throw new CommandFailure(1, "audit export: the server sent an event without a seq: " + Json.compact(e));
                    }
                    // Whether the server's "since" is inclusive or not, each event is printed once.
                    if (seq.asLong() <= last) continue;
                    out.println(Json.compact(e));
                    last = seq.asLong();
                }
                out.flush();
                if (page.size() < PAGE || last == before) return 0;
            }
        }

        /**
         * Events from one page. The route streams JSON lines; a JSON array or an
         * {@code {"events": [...]}} object is accepted as well.
         */
        static List<JsonNode> events(String body) {
            String text = body.strip();
            List<JsonNode> out = new ArrayList<>();
            if (text.isEmpty()) return out;
            JsonNode whole = Json.parse(text).orElse(null);
            if (whole != null && whole.isArray()) {
                whole.forEach(out::add);
                return out;
            }
            if (whole != null && whole.isObject() && whole.path("events").isArray()) {
                whole.path("events").forEach(out::add);
                return out;
            }
            for (String line : text.split("\r?\n")) {
                if (line.isBlank()) continue;
                JsonNode e = Json.parse(line).filter(JsonNode::isObject).orElseThrow(() ->
                        new CommandFailure(1, "audit export: the server sent a line that is not a JSON object"));
                out.add(e);
            }
            return out;
        }
    }
}
