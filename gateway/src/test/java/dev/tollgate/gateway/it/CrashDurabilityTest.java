package dev.tollgate.gateway.it;

import static dev.tollgate.gateway.it.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.audit.AuditVerifier;
import dev.tollgate.engine.auth.KeyKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL while proposals stream in, restart on the same data dir: every intent that was
 * acknowledged with a 2xx is there, and the audit chain still verifies.
 */
class CrashDurabilityTest {
    private static final int WRITERS = 8;
    private static final int MAX_PROPOSALS_PER_WRITER = 2_000;
    private static final long LOAD_BEFORE_KILL_MS = 1_500;

    @Test
    void nothingAcknowledgedIsLostToSigkill() throws Exception {
        Path dataDir = Files.createTempDirectory("tollgate-crash");
        String adminKey = KeyKind.ADMIN.generate();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            String agentKey;
            try (ChildTollgate child = ChildTollgate.start(dataDir, adminKey)) {
                ApiClient admin = new ApiClient(child::base, adminKey);
                agentKey = admin.post("/v1/agents/register", obj("name", "loader")).text("apiKey");
                ApiClient agent = new ApiClient(child::base, agentKey);
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    Thread t = new Thread(() -> {
                        for (int i = 0; i < MAX_PROPOSALS_PER_WRITER && !stop.get(); i++) {
                            try {
                                ApiClient.Reply r = agent.post("/v1/intents", obj("destination", "salesforce.import",
                                        "policy", "crm-low-risk", "payload", "leads.csv", "recordCount", 5));
                                if (r.status() / 100 == 2) acknowledged.add(r.text("intentId"));
                            } catch (RuntimeException connectionGone) {
                                return;
                            }
                        }
                    });
                    t.start();
                    writers.add(t);
                }
                Thread.sleep(LOAD_BEFORE_KILL_MS);
                child.kill();
                stop.set(true);
                for (Thread t : writers) t.join(30_000);
            }
            assertTrue(acknowledged.size() > 100, "the load should have created intents before the kill: " + acknowledged.size());

            try (ChildTollgate again = ChildTollgate.start(dataDir, adminKey)) {
                ApiClient admin = new ApiClient(again::base, adminKey);
                List<String> missing = new ArrayList<>();
                for (String id : acknowledged) {
                    if (admin.get("/v1/intents/" + id).status() != 200) missing.add(id);
                }
                assertEquals(List.of(), missing, "acknowledged before SIGKILL but gone after restart");
            }
            AuditVerifier.Result chain = AuditVerifier.verify(dataDir.resolve("tollgate.db"),
                    new AuditChain(AuditKey.load(dataDir.resolve("audit.key"))));
            assertTrue(chain.ok(), chain.message());
        } finally {
            TollgateExtension.deleteTree(dataDir);
        }
    }
}
