package dev.tollgate.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyRegistryTest {
    @TempDir Path dir;

    @Test
    void loadsEveryYamlFileAndTheBuiltIns() {
        PolicyFiles.write(dir, "alpha.yaml", "id: alpha\nrequire_approval: always\n");
        PolicyFiles.write(dir, "beta.yml", "id: beta\n");
        PolicyFiles.write(dir, "notes.txt", "not a policy");
        PolicyFiles.write(dir, ".hidden.yaml", "garbage: [");
        PolicyRegistry registry = PolicyRegistry.load(dir);
        assertEquals(List.of("allow", "alpha", "beta", "deny"), registry.ids());
        assertEquals(dir, registry.dir());
        assertEquals(RequireApproval.ALWAYS, registry.find("alpha").orElseThrow().rules().requireApproval());
        assertTrue(registry.find("allow").orElseThrow().builtin());
        assertEquals(Optional.empty(), registry.find("gamma"));
    }

    @Test
    void startupRefusesListingTheProblemsOfAllFiles() {
        PolicyFiles.write(dir, "good.yaml", "id: good\n");
        Path one = PolicyFiles.write(dir, "one.yaml", "id: one\nauto_approve_under: many\n");
        Path two = PolicyFiles.write(dir, "two.yaml", "id: zwei\n");
        ConfigException e = assertThrows(ConfigException.class, () -> PolicyRegistry.load(dir));
        assertEquals(List.of(one + ":2: auto_approve_under: must be an integer, not a string",
                        two + ":1: id: must equal the file name without extension, \"two\", not \"zwei\""),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void startupRefusesAMissingDirectory() {
        ConfigException e = assertThrows(ConfigException.class, () -> PolicyRegistry.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void theSameIdInTwoFilesIsRefused() {
        PolicyFiles.write(dir, "twin.yaml", "id: twin\n");
        PolicyFiles.write(dir, "twin.yml", "id: twin\n");
        ConfigException e = assertThrows(ConfigException.class, () -> PolicyRegistry.load(dir));
        assertTrue(e.getMessage().contains("already defined by twin.yaml"), e.getMessage());
    }

    static Stream<String> pathLikeIds() {
        return Stream.of("../support", "support/..", "a/b", "/etc/passwd", "a\\b", "..", ".", "sup\0port",
                "support/", ".support", "-support", "sup..port", "support ", "", "x".repeat(129), null);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("pathLikeIds")
    void aPathLikeIdIsNotFound(String id) {
        PolicyFiles.write(dir, "support.yaml", "id: support\n");
        PolicyRegistry registry = PolicyRegistry.load(dir);
        assertTrue(registry.find("support").isPresent());
        assertEquals(Optional.empty(), registry.find(id));
    }

    @Test
    void reloadKeepsTheLastGoodVersionOfAFileThatTurnedInvalid() {
        Path file = PolicyFiles.write(dir, "p.yaml", "id: p\nrequire_approval: always\n");
        PolicyFiles.write(dir, "q.yaml", "id: q\n");
        PolicyRegistry registry = PolicyRegistry.load(dir);
        String goodVersion = registry.find("p").orElseThrow().version();

        PolicyFiles.write(dir, "p.yaml", "id: p\nrequire_approval: sometimes\n");
        List<ConfigProblem> problems = registry.reload();
        assertEquals(1, problems.size());
        assertEquals(file.toString(), problems.get(0).source());
        assertEquals(2, problems.get(0).line());
        assertEquals("require_approval", problems.get(0).key());
        assertEquals(goodVersion, registry.find("p").orElseThrow().version(), "last good version stays in force");
        assertEquals(RequireApproval.ALWAYS, registry.find("p").orElseThrow().rules().requireApproval());

        PolicyFiles.write(dir, "p.yaml", "id: p\nrequire_approval: never\n");
        assertEquals(List.of(), registry.reload());
        assertEquals(RequireApproval.NEVER, registry.find("p").orElseThrow().rules().requireApproval());
        assertNotEquals(goodVersion, registry.find("p").orElseThrow().version());
    }

    @Test
    void reloadAddsNewFilesAndDropsDeletedOnes() throws Exception {
        PolicyFiles.write(dir, "old.yaml", "id: old\n");
        PolicyRegistry registry = PolicyRegistry.load(dir);

        Files.delete(dir.resolve("old.yaml"));
        PolicyFiles.write(dir, "new.yaml", "id: new\n");
        PolicyFiles.write(dir, "broken.yaml", "id: broken\nexpiry_minutes: [1]\n");
        List<ConfigProblem> problems = registry.reload();

        assertEquals(List.of("expiry_minutes"), problems.stream().map(ConfigProblem::key).toList());
        assertEquals(List.of("allow", "deny", "new"), registry.ids(), "a new invalid file is not loaded");
        assertFalse(registry.find("old").isPresent());
    }

    @Test
    void watchAppliesChangesWithinTwoSeconds() throws Exception {
        PolicyFiles.write(dir, "p.yaml", "id: p\nrequire_approval: always\n");
        PolicyRegistry registry = PolicyRegistry.load(dir);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            registry.watch(scheduler);

            PolicyFiles.write(dir, "p.yaml", "id: p\nrequire_approval: never\n");
            assertWithinTwoSeconds(() -> registry.find("p").orElseThrow().rules().requireApproval()
                    == RequireApproval.NEVER);

            PolicyFiles.write(dir, "p.yaml", "id: p\nrequire_approval: [oops]\n");
            PolicyFiles.write(dir, "added.yaml", "id: added\n");
            assertWithinTwoSeconds(() -> registry.find("added").isPresent());
            assertEquals(RequireApproval.NEVER, registry.find("p").orElseThrow().rules().requireApproval());

            Files.delete(dir.resolve("added.yaml"));
            assertWithinTwoSeconds(() -> registry.find("added").isEmpty());
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static void assertWithinTwoSeconds(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("change not applied within 2 s");
            Thread.sleep(50);
        }
    }
}
