package dev.tollgate.proxy.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.config.ConfigException;
import dev.tollgate.engine.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationsRegistryTest {
    @TempDir Path dir;
    private ScheduledExecutorService scheduler;

    @AfterEach void stop() {
        if (scheduler != null) scheduler.shutdownNow();
    }

    private static String rules(String policy) {
        return "destinations:\n  - name: a\n    match: { host: a.test }\n    policy: " + policy + "\n";
    }

    private static final RequestTarget A = new RequestTarget("GET", "https", "a.test", "/");

    /** Atomic replace, as editors and config management do; also gives the file a new identity. */
    private static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test void anInvalidFileRefusesTheStart() throws IOException {
        Path file = Files.writeString(dir.resolve("d.yaml"), "destinations: nope\n");
        ConfigException e = assertThrows(ConfigException.class, () -> DestinationsRegistry.load(file));
        assertEquals(List.of(new ConfigProblem(file.toString(), 1, "destinations", "must be a list, not a string")),
                e.problems());
        assertThrows(ConfigException.class, () -> DestinationsRegistry.load(dir.resolve("missing.yaml")));
    }

    @Test void unknownPoliciesRefuseTheStartWhenAPredicateIsGiven() throws IOException {
        Path file = Files.writeString(dir.resolve("d.yaml"), rules("nope"));
        ConfigException e = assertThrows(ConfigException.class, () -> DestinationsRegistry.load(file, Set.of("allow")::contains));
        assertEquals("destinations[0].policy", e.problems().get(0).key());
        assertEquals(4, e.problems().get(0).line());
        assertEquals("nope", DestinationsRegistry.load(file).current().rules().get(0).policy(), "no predicate: not checked");
    }

    @Test void reloadReplacesValidRulesAndKeepsTheLastGoodOnes() throws IOException {
        Path file = Files.writeString(dir.resolve("d.yaml"), rules("first"));
        DestinationsRegistry registry = DestinationsRegistry.load(file);
        DestinationRules first = registry.current();
        assertEquals("first", first.match(A).policy());

        replace(file, rules("second"));
        assertEquals(List.of(), registry.reload());
        assertEquals("second", registry.current().match(A).policy());
        DestinationRules second = registry.current();

        replace(file, rules("second") + "  - name: broken\n    match: { host: 'no good' }\n    policy: x\n");
        List<ConfigProblem> problems = registry.reload();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(6, problems.get(0).line());
        assertEquals("destinations[1].match.host", problems.get(0).key());
        assertSame(second, registry.current(), "the last good rules stay in force");

        Files.delete(file);
        assertFalse(registry.reload().isEmpty());
        assertSame(second, registry.current(), "a deleted file keeps the last good rules too");

        replace(file, rules("third"));
        assertEquals(List.of(), registry.reload());
        assertEquals("third", registry.current().match(A).policy());
    }

    @Test void anUnknownPolicyAtReloadKeepsTheLastGoodRules() throws IOException {
        Set<String> policies = ConcurrentHashMap.newKeySet();
        policies.add("allow");
        Path file = Files.writeString(dir.resolve("d.yaml"), rules("allow"));
        DestinationsRegistry registry = DestinationsRegistry.load(file, policies::contains);
        replace(file, rules("new-policy"));
        assertEquals("destinations[0].policy", registry.reload().get(0).key());
        assertEquals("allow", registry.current().match(A).policy());
        policies.add("new-policy");
        assertEquals(List.of(), registry.reload());
        assertEquals("new-policy", registry.current().match(A).policy());
    }

    @Test void watchAppliesChangesWithinTwoSeconds() throws Exception {
        Path file = Files.writeString(dir.resolve("d.yaml"), rules("first"));
        DestinationsRegistry registry = DestinationsRegistry.load(file);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        registry.watch(scheduler);

        Files.writeString(file, rules("second-version")); // in place: new size and mtime
        assertWithin(2_000, () -> "second-version".equals(registry.current().match(A).policy()));

        Files.writeString(file, "destinations: [\n"); // broken: ignored, last good kept
        Thread.sleep(1_200);
        assertEquals("second-version", registry.current().match(A).policy());

        replace(file, rules("third"));
        assertWithin(2_000, () -> "third".equals(registry.current().match(A).policy()));
    }

    @Test void watchRetriesWhileBrokenSoAPolicyAppearingFixesIt() throws Exception {
        Set<String> policies = ConcurrentHashMap.newKeySet();
        policies.add("allow");
        Path file = Files.writeString(dir.resolve("d.yaml"), rules("allow"));
        DestinationsRegistry registry = DestinationsRegistry.load(file, policies::contains);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        registry.watch(scheduler);
        replace(file, rules("later"));
        Thread.sleep(1_200);
        assertEquals("allow", registry.current().match(A).policy());
        policies.add("later"); // the file does not change again
        assertWithin(2_000, () -> "later".equals(registry.current().match(A).policy()));
    }

    private static void assertWithin(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + millis + " ms");
            Thread.sleep(20);
        }
    }
}
