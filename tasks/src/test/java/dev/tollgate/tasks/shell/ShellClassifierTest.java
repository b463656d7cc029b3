package dev.tollgate.tasks.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.tasks.policy.AllowedRoot;
import dev.tollgate.tasks.policy.RiskTier;
import dev.tollgate.tasks.policy.RootMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The API contract: JSON shape, the screen's limits, empty lists, approval levels, thread safety. */
class ShellClassifierTest {
    private final ShellClassifier c = Fixture.CLASSIFIER;

    @Test
    void jsonShape() {
        ObjectNode allowed = c.classify("ls -la", null).toJson();
        assertEquals("allow", allowed.get("decision").asText());
        assertEquals("safe", allowed.get("risk_level").asText());
        assertEquals("ls", allowed.get("commands").get(0).get(0).asText());
        assertFalse(allowed.has("reason_code"));
        ObjectNode blocked = c.classify("sudo rm -rf /", null).toJson();
        assertEquals("blocked", blocked.get("decision").asText());
        assertEquals("blocked_command", blocked.get("reason_code").asText());
        assertTrue(blocked.get("reasons").get(0).asText().contains("sudo"));
    }

    @Test
    void reasonsNameCommandAndRule() {
        assertEquals(List.of("rm -rf: recursive delete (destructive)"), c.classify("rm -rf build", null).reasons());
    }

    @Test
    void screenLimits() {
        String big = "echo " + "a".repeat(16 * 1024);
        assertEquals("invalid_command", c.classify(big, null).reasonCode());
        String fits = "echo " + "a".repeat(16 * 1024 - 6);
        assertEquals(ShellDecision.ALLOW, c.classify(fits, null).decision());
        assertEquals("invalid_command", c.classify("ls \ud800", null).reasonCode());
        assertEquals("invalid_command", c.classify("ls \ufffd", null).reasonCode());
        assertEquals("invalid_command", c.classify("ls \u0085", null).reasonCode());
        assertEquals("invalid_command", c.classify("ls\u2066x", null).reasonCode());
        assertEquals(ShellDecision.ALLOW, c.classify("ls\tx\n", null).decision());
    }

    @Test
    void emptyAllowListAllowsNothing() {
        ShellClassifier none = new ShellClassifier(new ShellRules(List.of(), List.of(), Set.of(RiskTier.CRITICAL), List.of(),
                List.of(new AllowedRoot(Path.of("/srv/app"), RootMode.READ_WRITE)), p -> false));
        assertEquals("not_allowed_command", none.classify("ls", null).reasonCode());
    }

    @Test
    void approvalLevelsAreConfigurableButCriticalAlwaysNeedsApproval() {
        ShellClassifier lax = new ShellClassifier(new ShellRules(List.of("rm", "git"), List.of(), Set.of(), List.of("main"),
                List.of(new AllowedRoot(Path.of("/srv/app"), RootMode.READ_WRITE)), p -> false));
        assertEquals(ShellDecision.ALLOW, lax.classify("rm -rf build", null).decision());
        assertEquals(ShellDecision.APPROVAL_REQUIRED, lax.classify("rm -rf /", null).decision());
        assertEquals(ShellDecision.APPROVAL_REQUIRED, lax.classify("git push -f origin main", null).decision());
    }

    @Test
    void cwdDefaultsToTheFirstRootAndResolvesRelativePaths() {
        assertEquals(RiskTier.CRITICAL, c.classify("rm -rf ..", null).riskLevel());
        assertEquals(RiskTier.DESTRUCTIVE, c.classify("rm -rf ..", Path.of("/srv/app/sub/dir")).riskLevel());
    }

    @Test
    void concurrentUseGivesTheSameVerdicts() throws Exception {
        String[] inputs = {"rm -rf /", "ls", "git push -f origin main", "bash -c 'ls; rm x'", "cat .env"};
        List<String> expected = java.util.Arrays.stream(inputs).map(s -> c.classify(s, null).toJson().toString()).toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int t = 0; t < 64; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        int k = i % inputs.length;
                        if (!c.classify(inputs[k], null).toJson().toString().equals(expected.get(k))) return false;
                    }
                    return true;
                }));
            }
            for (var f : futures) assertTrue(f.get());
        } finally {
            pool.shutdown();
        }
    }
}
