package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tollgate held} (run standalone here until it is wired into {@link TollgateCli}). */
class HeldCommandTest {
    private static final String KEY = "gate_admin_0123456789abcdef";
    @TempDir Path cwd;

    private CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(Map.of(), cwd, Plugins.of(Map.of()));
        CommandLine cl = new CommandLine(HeldCommand.class, new ContextFactory(context));
        cl.setExecutionExceptionHandler(new Failures(context.env()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    @Test void printsTheHeldRequestsAsATable() throws Exception {
        try (TestApiServer s = new TestApiServer(r -> new TestApiServer.Response(200, """
                {"held":[{"intentId":"int_0011223344556677","method":"POST","hostname":"api.stripe.com","path":"/v1/refunds",
                  "type":"https","createdAt":1700000000000,"expiresAt":1700000900000,
                  "url":"https://api.stripe.com/v1/refunds","agentId":"agt_1","agentName":"billing-bot",
                  "destination":"stripe.refund","policy":"finance-high-risk","heldMs":192000,"client":"127.0.0.1:50000"}],
                 "count":1}"""))) {
            CliRun r = run("--server", s.url(), "--key", KEY);
            assertEquals(0, r.exit(), r.toString());
            TestApiServer.Request req = s.only();
            assertEquals("GET", req.method());
            assertEquals("/v1/proxy/held", req.uri());
            assertEquals("Bearer " + KEY, req.authorization());
            String[] lines = r.out().split("\n");
            assertTrue(lines[0].startsWith("INTENT"), r.out());
            assertTrue(lines[0].contains("DESTINATION"), r.out());
            assertTrue(lines[1].contains("int_0011223344556677"), r.out());
            assertTrue(lines[1].contains("billing-bot"), r.out());
            assertTrue(lines[1].contains("stripe.refund"), r.out());
            assertTrue(lines[1].contains("3m12s"), r.out());
        }
    }

    @Test void anEmptyListIsJustTheHeader() throws Exception {
        try (TestApiServer s = new TestApiServer(r -> new TestApiServer.Response(200, "{\"held\":[],\"count\":0}"))) {
            CliRun r = run("--server", s.url(), "--key", KEY);
            assertEquals(0, r.exit(), r.toString());
            assertEquals(1, r.out().strip().split("\n").length);
        }
    }

    @Test void anAgentKeyIsRefusedByTheServerAndTheErrorShown() throws Exception {
        try (TestApiServer s = new TestApiServer(r -> new TestApiServer.Response(403,
                "{\"error\":\"this action needs the reviewer or admin role; this key is agent\",\"code\":\"forbidden\"}"))) {
            CliRun r = run("--server", s.url(), "--key", "gate_sk_x");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("reviewer or admin"), r.err());
        }
    }

    @Test void ages() {
        assertEquals("0s", HeldCommand.age(0));
        assertEquals("45s", HeldCommand.age(45_000));
        assertEquals("3m12s", HeldCommand.age(192_000));
        assertEquals("1h05m", HeldCommand.age(3_900_000));
    }
}
