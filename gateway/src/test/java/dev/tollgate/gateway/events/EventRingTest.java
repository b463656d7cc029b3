package dev.tollgate.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventRingTest {
    private static List<Long> seqs(EventRing.Start s) {
        return assertInstanceOf(EventRing.Replay.class, s).events().stream().map(Event::seq).toList();
    }

    @Test void idsAreBootAndSeqAndTheFrameIsOneMessage() {
        EventRing ring = new EventRing("b00t", 4);
        assertEquals("b00t-0", ring.position());
        Event e = ring.append("intent.created", "{\"a\":1}");
        assertEquals("b00t-1", e.id());
        assertEquals("id: b00t-1\nevent: intent.created\ndata: {\"a\":1}\n\n", e.frame());
        assertEquals("b00t-1", ring.position());
    }

    @Test void replaysWhatFollowsTheIdInOrder() {
        EventRing ring = new EventRing("b", 4);
        assertEquals(List.of(), seqs(ring.after("b-0")), "before any event: resuming from -0 replays nothing");
        for (int i = 0; i < 3; i++) ring.append("t", "{}");
        assertEquals(List.of(1L, 2L, 3L), seqs(ring.after("b-0")));
        assertEquals(List.of(3L), seqs(ring.after("b-2")));
        assertEquals(List.of(), seqs(ring.after(" b-3 ")));
        assertInstanceOf(EventRing.Fresh.class, ring.after(null));
        assertInstanceOf(EventRing.Fresh.class, ring.after(""));
    }

    @Test void anIdOlderThanTheRingForeignOrMalformedIsAReset() {
        EventRing ring = new EventRing("b", 4);
        for (int i = 0; i < 10; i++) ring.append("t", "{}"); // holds 7..10
        assertEquals(List.of(7L, 8L, 9L, 10L), seqs(ring.after("b-6")));
        assertEquals(List.of(8L, 9L, 10L), seqs(ring.after("b-7")));
        EventRing.Reset old = assertInstanceOf(EventRing.Reset.class, ring.after("b-5"));
        assertEquals(EventRing.REASON_TOO_OLD, old.reason());
        assertEquals("b-10", old.position());
        assertEquals(EventRing.REASON_OTHER_BOOT, ((EventRing.Reset) ring.after("other-8")).reason());
        assertEquals(EventRing.REASON_UNKNOWN, ((EventRing.Reset) ring.after("b-11")).reason());
        for (String bad : List.of("b", "-3", "b-", "b-x", "b-+1", "b-99999999999999999999")) {
            assertEquals(EventRing.REASON_INVALID, ((EventRing.Reset) ring.after(bad)).reason(), bad);
        }
    }
}
