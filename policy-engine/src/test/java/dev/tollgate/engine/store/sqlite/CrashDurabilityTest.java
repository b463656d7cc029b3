package dev.tollgate.engine.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.audit.AuditVerifier;
import dev.tollgate.engine.intent.Intent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing acknowledged is lost when the process is killed with SIGKILL in the middle of writing. */
class CrashDurabilityTest {
    @TempDir Path dir;

    /** The process that gets killed: writes without pause and prints each id once its write is acknowledged. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            SqliteStore store = SqliteStore.open(Path.of(args[0]), Fixtures.chain(1));
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            for (int t = 0; t < 16; t++) {
                new Thread(() -> {
                    while (true) {
                        Intent i = Fixtures.pending("agt_crash", null);
                        store.write(tx -> {
                            tx.insertIntent(i);
                            tx.appendAudit(Fixtures.draft(i.id(), "proposed"));
                            return null;
                        }).join();
                        synchronized (out) {
                            out.println(i.id());
                        }
                    }
                }).start();
            }
            out.println("started");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test void acknowledgedWritesSurviveSigkill() throws Exception {
        Path db = dir.resolve("tollgate.db");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("int_")) acknowledged.add(line);
                if (acknowledged.size() == 2000) {
                    child.destroyForcibly(); // SIGKILL, while the writers are still going
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(2000, acknowledged.size(), "the child wrote");
        try (SqliteStore store = SqliteStore.open(db, Fixtures.chain(1))) {
            for (String id : acknowledged) {
                assertTrue(store.read(r -> r.intent(id)).join().isPresent(), id + " was acknowledged, then lost");
            }
        }
        AuditVerifier.Result r = AuditVerifier.verify(db, Fixtures.chain(1));
        assertTrue(r.ok(), r.message());
        assertTrue(r.count() >= 2000);
    }
}
