package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.gateway.cli.CliContext;
import dev.tollgate.gateway.cli.CliPlugins;
import dev.tollgate.gateway.cli.TollgateCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code tollgate audit verify} on a real data dir: intact chain passes, an edited row is named. */
class AuditTamperTest {
    @RegisterExtension final TollgateExtension gate = new TollgateExtension();

    private record Run(int exit, String out, String err) {}

    private Run verify() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TollgateCli.commandLine(new CliContext(Map.of(), TollgateExtension.REPO, CliPlugins.standard()));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute("audit", "verify", "--data-dir", gate.dataDir().toString());
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void editingAnAuditRowIsDetectedAndNamed() throws Exception {
        ApiClient agent = gate.client(IntentLifecycleTest.register(gate, "audited"));
        for (int i = 0; i < 3; i++) {
            agent.post("/v1/intents", obj("destination", "blog.publish", "policy", "blog-publish", "payload", "p" + i));
        }
        Run clean = verify();
        assertEquals(0, clean.exit(), clean.out() + clean.err());
        // 1 agent registration + 3 intents × (proposed, policy_checked), all pending under blog-publish.
        assertEquals("OK: 7 events verified", clean.out().strip());

        gate.server().close();
        String tamperedId;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gate.dataDir().resolve("tollgate.db"));
             Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT id FROM audit_events WHERE seq = 4");
            rs.next();
            tamperedId = rs.getString(1);
            assertEquals(1, st.executeUpdate("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 4"));
        }
        Run broken = verify();
        assertEquals(1, broken.exit(), broken.out() + broken.err());
        String all = broken.out() + broken.err();
        assertTrue(all.contains("4") && all.contains(tamperedId), "names the first bad event: " + all);
    }
}
