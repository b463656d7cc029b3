package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
    private static final String KEY = "gate_admin_test";
    @TempDir Path cwd;

    private CliRun verify(AuditVerification outcome, AtomicReference<Settings> seen, String... args) {
        AuditTool tool = settings -> {
            seen.set(settings);
            return outcome;
        };
        String[] all = new String[args.length + 2];
        all[0] = "audit";
        all[1] = "verify";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(Map.of(), cwd, Plugins.of(Map.of(AuditTool.class, tool)), all);
    }

    @Test void verifiedChainPrintsTheCount() {
        AtomicReference<Settings> seen = new AtomicReference<>();
        CliRun r = verify(new AuditVerification.Verified(42), seen, "--data-dir", "state");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("OK: 42 events verified\n", r.out());
        assertEquals(cwd.resolve("state"), seen.get().dataDir());
    }

    @Test void brokenChainNamesTheFirstBadEvent() {
        CliRun r = verify(new AuditVerification.Broken(17, "evt_00112233aabbccdd", "hash does not match"),
                new AtomicReference<>());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("", r.out());
        assertEquals("audit chain broken at event evt_00112233aabbccdd (seq 17): hash does not match\n", r.err());
    }

    @Test void unreadableStoreIsAFailureNotACrash() {
        AuditTool tool = settings -> {
            throw new java.io.IOException("no store at data/tollgate.db");
        };
        CliRun r = CliRun.run(Map.of(), cwd, Plugins.of(Map.of(AuditTool.class, tool)), "audit", "verify");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("audit verify: no store at data/tollgate.db\n", r.err());
    }

    private static final Pattern QUERY = Pattern.compile("/v1/audit\\?since=(\\d+)&limit=(\\d+)");

    /** A server holding events 1..total that answers pages as JSON lines, with since exclusive. */
    private static TestApiServer auditServer(long total) throws IOException {
        return new TestApiServer(req -> {
            Matcher m = QUERY.matcher(req.uri());
            if (!m.matches()) return new TestApiServer.Response(404, "{\"error\":\"no route\",\"code\":\"not_found\"}");
            long since = Long.parseLong(m.group(1));
            long limit = Long.parseLong(m.group(2));
            String body = LongStream.rangeClosed(since + 1, Math.min(total, since + limit))
                    .mapToObj(seq -> "{\"seq\":" + seq + ",\"id\":\"evt_" + seq + "\",\"event_type\":\"proposed\"}")
                    .collect(Collectors.joining("\n"));
            return new TestApiServer.Response(200, body);
        });
    }

    @Test void exportPagesThroughEveryEventAsJsonLines() throws IOException {
        try (TestApiServer s = auditServer(2500)) {
            CliRun r = CliRun.run(Map.of("TOLLGATE_ADMIN_KEY", KEY), cwd, Plugins.of(Map.of()),
                    "audit", "export", "--server", s.url());
            assertEquals(0, r.exit(), r.toString());
            List<String> lines = r.out().lines().toList();
            assertEquals(2500, lines.size());
            for (int i = 0; i < lines.size(); i++) {
                JsonNode e = Json.parse(lines.get(i)).orElseThrow();
                assertEquals(i + 1, e.get("seq").asLong());
            }
            assertEquals(List.of("/v1/audit?since=0&limit=1000", "/v1/audit?since=1000&limit=1000",
                    "/v1/audit?since=2000&limit=1000"), s.requests.stream().map(TestApiServer.Request::uri).toList());
            assertEquals("Bearer " + KEY, s.requests.get(0).authorization());
        }
    }

    @Test void exportStartsAfterSince() throws IOException {
        try (TestApiServer s = auditServer(10)) {
            CliRun r = CliRun.run(Map.of(), cwd, Plugins.of(Map.of()),
                    "audit", "export", "--server", s.url(), "--key", KEY, "--since", "7", "--format", "jsonl");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(List.of(8L, 9L, 10L), r.out().lines()
                    .map(l -> Json.parse(l).orElseThrow().get("seq").asLong()).toList());
        }
    }

    @Test void exportAcceptsAnEventsArrayAndAnInclusiveSince() throws IOException {
        // This server repeats the event at "since": each event must still be printed once.
        try (TestApiServer s = new TestApiServer(req -> {
            Matcher m = QUERY.matcher(req.uri());
            m.matches();
            long since = Long.parseLong(m.group(1));
            String events = LongStream.rangeClosed(Math.max(1, since), 3)
                    .mapToObj(seq -> "{\"seq\":" + seq + "}").collect(Collectors.joining(","));
            return new TestApiServer.Response(200, "{\"events\":[" + events + "],\"count\":3}");
        })) {
            CliRun r = CliRun.run(Map.of(), cwd, Plugins.of(Map.of()), "audit", "export", "--server", s.url(), "--key", KEY);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("{\"seq\":1}\n{\"seq\":2}\n{\"seq\":3}\n", r.out());
        }
    }

    @Test void exportReportsServerErrors() throws IOException {
        try (TestApiServer s = new TestApiServer(req -> new TestApiServer.Response(403,
                "{\"error\":\"agents cannot read the audit trail\",\"code\":\"forbidden\"}"))) {
            CliRun r = CliRun.run(Map.of(), cwd, Plugins.of(Map.of()), "audit", "export", "--server", s.url(), "--key", "k");
            assertEquals(1, r.exit(), r.toString());
            assertEquals("error: agents cannot read the audit trail (code: forbidden, HTTP 403)\n", r.err());
        }
    }
}
