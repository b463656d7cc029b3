package dev.tollgate.proxy.hold;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentListener;
import dev.tollgate.proxy.log.ProxyMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The held requests, by intent id (SPEC §5.4). Register it as an {@link IntentListener} of the
 * intent service: when an intent is decided, each of its holds is handed the decision on its own
 * event loop, at once. A hold costs an entry here and a timer, never a thread. Every hold ends exactly
 * once: decided, timed out or disconnected, whichever {@link #remove} wins.
 */
public final class HeldRegistry implements IntentListener {
    private final ConcurrentHashMap<String, Set<Held>> byIntent = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile ProxyMetrics metrics = ProxyMetrics.NONE;
    private volatile HeldListener listener = HeldListener.NONE;

    /** One held request. */
    public static final class Held {
        private final HeldView view;
        private final Executor loop;
        private final Consumer<Intent> onDecision;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Held(HeldView view, Executor loop, Consumer<Intent> onDecision) {
            this.view = view;
            this.loop = loop;
            this.onDecision = onDecision;
        }

        public HeldView view() { return view; }
    }

    public void metrics(ProxyMetrics m) { metrics = m == null ? ProxyMetrics.NONE : m; }

    /** One listener told of every hold added and ended; {@code null} for none. */
    public void listener(HeldListener l) { listener = l == null ? HeldListener.NONE : l; }

    /** Holds a request until {@code onDecision} is run on {@code loop} with its decided intent. */
    public Held register(HeldView view, Executor loop, Consumer<Intent> onDecision) {
        Held h = new Held(view, loop, onDecision);
        byIntent.compute(view.intentId(), (id, set) -> {
            Set<Held> s = set != null ? set : ConcurrentHashMap.newKeySet();
            tell(listener::onAdded, view); // before it can be found, so its removal is always told after it
            s.add(h);
            return s;
        });
        metrics.held(count.incrementAndGet());
        return h;
    }

    /** Ends a hold; true for the one caller that ended it (the others must do nothing). */
    public boolean remove(Held h) {
        if (!h.ended.compareAndSet(false, true)) return false;
        byIntent.computeIfPresent(h.view.intentId(), (id, set) -> {
            set.remove(h);
            return set.isEmpty() ? null : set;
        });
        metrics.held(count.decrementAndGet());
        tell(listener::onRemoved, h.view);
        return true;
    }

    private static void tell(Consumer<HeldView> call, HeldView view) {
        try {
            call.accept(view);
        } catch (RuntimeException ignored) {
            // a dashboard hook must not break a hold
        }
    }

    /** Called after commit for every decision: releases the intent's holds. Quick and non-blocking. */
    @Override public void onChanged(Intent intent) {
        if (intent.isPending()) return;
        Set<Held> holds = byIntent.get(intent.id());
        if (holds == null) return;
        for (Held h : List.copyOf(holds)) {
            if (remove(h)) h.loop.execute(() -> h.onDecision.accept(intent));
        }
    }

    public int count() { return count.get(); }

    /** Every held request, oldest first, with {@code heldMs} as of now. */
    public List<HeldView> snapshot() {
        long now = System.currentTimeMillis();
        List<HeldView> out = new ArrayList<>();
        for (Set<Held> s : byIntent.values()) for (Held h : s) out.add(h.view.at(now));
        out.sort(Comparator.comparingLong(HeldView::createdAt));
        return out;
    }
}
