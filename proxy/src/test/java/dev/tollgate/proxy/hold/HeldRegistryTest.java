package dev.tollgate.proxy.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentStatus;
import dev.tollgate.engine.intent.ReasonCode;
import dev.tollgate.engine.intent.RiskLevel;
import dev.tollgate.engine.util.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldRegistryTest {
    static Intent intent(String id, IntentStatus status) {
        Instant now = Instant.now();
        return new Intent(id, "agt_1", "a", null, "d", "p", "v", "h", "json", 0, 1L, status, ReasonCode.MANUAL_REVIEW_REQUIRED,
                null, 0, RiskLevel.LOW, null, Json.object(), "digest", null, now, now.plusSeconds(60), null, null, null, List.of());
    }

    private static HeldView view(String id, long createdAt) {
        return new HeldView(id, "GET", "h", "/", "http", createdAt, createdAt + 1000, "http://h/", "agt_1", "a", "d", "p", 0, "c");
    }

    @Test void aDecisionReleasesEveryHoldOfItsIntentOnItsLoopExactlyOnce() {
        HeldRegistry r = new HeldRegistry();
        List<String> released = new ArrayList<>();
        List<Runnable> loop = new ArrayList<>();
        r.register(view("int_a", 1), loop::add, i -> released.add("a1:" + i.status().wire()));
        r.register(view("int_a", 2), loop::add, i -> released.add("a2:" + i.status().wire()));
        HeldRegistry.Held other = r.register(view("int_b", 3), loop::add, i -> released.add("b"));
        assertEquals(3, r.count());

        r.onChanged(intent("int_a", IntentStatus.PENDING_APPROVAL));
        assertTrue(loop.isEmpty(), "still pending: nothing released");
        r.onChanged(intent("int_a", IntentStatus.APPROVED));
        r.onChanged(intent("int_a", IntentStatus.APPROVED));
        assertEquals(2, loop.size(), "each hold released once, on its own loop");
        loop.forEach(Runnable::run);
        assertEquals(List.of("a1:approved", "a2:approved"), released.stream().sorted().toList());
        assertEquals(1, r.count());

        assertTrue(r.remove(other));
        assertFalse(r.remove(other), "a hold ends once: timeout, disconnect or decision");
        r.onChanged(intent("int_b", IntentStatus.BLOCKED));
        assertEquals(2, loop.size());
        assertEquals(0, r.count());
    }

    @Test void theSnapshotListsHoldsOldestFirstWithTheirAge() {
        HeldRegistry r = new HeldRegistry();
        long now = System.currentTimeMillis();
        r.register(view("int_new", now - 10), Runnable::run, i -> { });
        r.register(view("int_old", now - 5000), Runnable::run, i -> { });
        List<HeldView> s = r.snapshot();
        assertEquals(List.of("int_old", "int_new"), s.stream().map(HeldView::intentId).toList());
        assertTrue(s.get(0).heldMs() >= 5000);
    }
}
