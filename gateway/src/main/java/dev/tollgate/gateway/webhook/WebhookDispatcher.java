package dev.tollgate.gateway.webhook;

import dev.tollgate.engine.store.Store;
import dev.tollgate.engine.webhook.Webhook;
import dev.tollgate.engine.webhook.WebhookDelivery;
import dev.tollgate.proxy.address.AddressPolicy;
import dev.tollgate.proxy.address.AddressResolver;
import dev.tollgate.proxy.address.HostLookup;
import dev.tollgate.proxy.address.Resolution;
import java.lang.System.Logger.Level;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;

/**
 * Delivers the webhook deliveries persisted in the store (SPEC 4.4). Deliveries live only in the
 * store, so whatever was pending when the process stopped is simply due at the next start.
 *
 * <p>One daemon thread polls {@code dueDeliveries} every {@code pollInterval} and whenever
 * {@link #nudge()} is called (the engine nudges after committing a decision, so the first
 * attempt is immediate; finished attempts nudge too, so a backlog drains without waiting for
 * the timer). At most {@code maxInFlight} attempts run at once, each on a worker thread. An
 * attempt's result is written with {@code updateDelivery}; a delivery stays "in flight" until
 * that write commits, so it is never sent twice concurrently. At least once: a crash between
 * the receiver's 2xx and the commit sends it again with the same {@code deliveryId}.
 *
 * <p>Before every attempt the receiver's host is resolved once and every address checked with
 * the {@link AddressPolicy}; the request then goes to those addresses only
 * ({@link PinnedHttpTransport}, which explains why java.net.http is not used), so there is no
 * DNS-rebinding window between check and connect. A non-2xx answer, a timeout, a connect error
 * or a refused address is retried per {@link RetrySchedule}; redirects are not followed.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());
    private static final int BATCH = 100;
    private static final long STORE_WAIT_SECONDS = 10;
    static final Duration HOLD_AFTER_WRITE_FAILURE = Duration.ofSeconds(30);
    static final Duration NUDGE_SPACING = Duration.ofMillis(20);

    private final Store store;
    private final Clock clock;
    private final RetrySchedule retries;
    private final DeliveryAttempt attempts;
    private final WebhookTransport transport;
    private final WebhookListener listener;
    private final Duration pollInterval;
    private final Duration closeGrace;
    private final int maxInFlight;

    private final ScheduledExecutorService poller;
    private final ExecutorService workers;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Delivery id → completion tick of its last committed attempt; see {@link #poll()}. */
    private final Map<String, Long> settled = new ConcurrentHashMap<>();
    /** Delivery id → System.nanoTime() before which it is not retried (its result could not be written). */
    private final Map<String, Long> held = new ConcurrentHashMap<>();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicBoolean nudged = new AtomicBoolean();
    /** When the last poll started (System.nanoTime()); written by the poller thread only. */
    private volatile long lastPollNanos = System.nanoTime() - NUDGE_SPACING.toNanos();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    private WebhookDispatcher(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.retries = new RetrySchedule(b.backoff, b.giveUpAfter);
        this.transport = b.transport != null ? b.transport
                : new PinnedHttpTransport(b.tls, b.connectTimeout, b.requestTimeout);
        this.attempts = new DeliveryAttempt(new AddressResolver(b.lookup), b.policy, transport, b.clock, b.sendSecretHeader);
        this.listener = b.listener;
        this.pollInterval = b.pollInterval;
        this.closeGrace = b.closeGrace;
        this.maxInFlight = b.maxInFlight;
        this.poller = Executors.newSingleThreadScheduledExecutor(daemon("tollgate-webhook-poll"));
        this.workers = Executors.newFixedThreadPool(b.maxInFlight, daemon("tollgate-webhook-send"));
    }

    public static Builder builder(Store store, AddressPolicy policy) { return new Builder(store, policy); }

    /** Starts polling; everything pending in the store is due at once. */
    public void start() {
        if (closed) throw new IllegalStateException("webhook dispatcher is closed");
        if (!started.compareAndSet(false, true)) return;
        poller.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Polls soon instead of at the next tick. Cheap and coalesced: call it after every commit that
     * may have queued deliveries. Nudged polls start at most every {@link #NUDGE_SPACING}: under
     * proxy load every forwarded request changes an intent, and a store read per change cost more
     * than the forwarding itself; a first attempt now waits at most that long.
     */
    public void nudge() {
        if (closed || !started.get() || !nudged.compareAndSet(false, true)) return;
        long wait = lastPollNanos + NUDGE_SPACING.toNanos() - System.nanoTime();
        try {
            if (wait <= 0) poller.execute(this::poll);
            else poller.schedule(this::poll, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            nudged.set(false); // closing
        }
    }

    /**
     * Stops polling, waits up to the grace period for attempts in flight to finish and be
     * recorded, then aborts the rest (they stay pending in the store and are retried after the
     * next start). Close this before the store.
     */
    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        workers.shutdown();
        long deadline = System.nanoTime() + closeGrace.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        transport.close();
        workers.shutdownNow();
    }

    /**
     * Registration-time check of a receiver URL (SPEC 4.4): http or https, a host, no
     * credentials, resolvable, and every address allowed by {@code policy}. Blocking (DNS).
     *
     * @throws IllegalArgumentException with a message fit for the API caller
     */
    public static void validateUrl(String url, AddressPolicy policy) { validateUrl(url, policy, HostLookup.system()); }

    public static void validateUrl(String url, AddressPolicy policy, HostLookup lookup) {
        WebhookUrl u = WebhookUrl.parse(url);
        Resolution r;
        try {
            r = new AddressResolver(lookup).resolve(u.host(), u.port(), policy);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("webhook url host " + u.host() + " does not resolve");
        }
        if (!r.allowed()) {
            throw new IllegalArgumentException("webhook url host " + u.host() + " is refused: "
                    + r.refusal().orElseThrow().message());
        }
    }

    /** Attempts running or awaiting their commit; for tests and diagnostics. */
    int inFlight() { return inFlight.size(); }

    private record Due(WebhookDelivery delivery, Webhook webhook) {}

    /**
     * Runs on the poll thread only. A read that began before an attempt's result committed may
     * still show that delivery as due; {@code settled} remembers when each result committed, so
     * such a stale row is skipped instead of being sent again.
     */
    private void poll() {
        lastPollNanos = System.nanoTime();
        nudged.set(false);
        if (closed) return;
        try {
            int free = maxInFlight - inFlight.size();
            if (free <= 0) return;
            long readStart = ticks.get();
            Instant now = clock.instant();
            List<Due> due = store.read(r -> {
                List<Due> out = new ArrayList<>();
                for (WebhookDelivery d : r.dueDeliveries(now, BATCH)) {
                    if (out.size() >= free) break;
                    if (skip(d.id(), readStart)) continue;
                    out.add(new Due(d, r.webhook(d.webhookId()).orElse(null)));
                }
                return out;
            }).get(STORE_WAIT_SECONDS, TimeUnit.SECONDS);
            for (Due d : due) {
                if (closed) break;
                String id = d.delivery().id();
                if (skip(id, readStart) || !inFlight.add(id)) continue;
                try {
                    workers.execute(() -> attempt(d));
                } catch (RejectedExecutionException e) {
                    inFlight.remove(id);
                    return;
                }
            }
            settled.values().removeIf(t -> t <= readStart); // every later read sees these commits
            long nanos = System.nanoTime();
            held.values().removeIf(until -> until - nanos <= 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Store down or slow: keep the loop alive (a throwing periodic task is cancelled).
            LOG.log(Level.WARNING, "webhook poll failed: " + Outcome.describe(e));
        }
    }

    /**
     * In flight (checked first: a finishing attempt leaves inFlight only after entering settled),
     * settled after {@code readStart} (the row read may be stale), or held after a failed write.
     */
    private boolean skip(String id, long readStart) {
        if (inFlight.contains(id)) return true;
        Long settledAt = settled.get(id);
        if (settledAt != null && settledAt > readStart) return true;
        Long heldUntil = held.get(id);
        return heldUntil != null && heldUntil - System.nanoTime() > 0;
    }

    private void attempt(Due due) {
        WebhookDelivery d = due.delivery();
        int n = d.attempt() + 1;
        Outcome o;
        try {
            o = due.webhook() == null ? Outcome.permanent("webhook " + d.webhookId() + " no longer exists")
                    : attempts.run(d, due.webhook(), n);
        } catch (RuntimeException e) {
            o = Outcome.retry(Outcome.describe(e));
        }
        record(d, n, o);
    }

    private void record(WebhookDelivery d, int n, Outcome o) {
        try {
            Instant next = o.kind() == Outcome.Kind.RETRY ? retries.nextAttempt(d.firedAt(), n, clock.instant()) : null;
            String state = o.kind() == Outcome.Kind.DELIVERED ? "delivered" : next == null ? "failed" : "pending";
            store.write(tx -> {
                tx.updateDelivery(d.id(), state, n, next, o.error());
                return null;
            }).whenComplete((ignored, err) -> settle(d, n, o, state, err));
        } catch (RuntimeException e) {
            settle(d, n, o, "pending", e);
        }
    }

    private void settle(WebhookDelivery d, int n, Outcome o, String state, Throwable writeError) {
        if (writeError != null) {
            // Still pending in the store with its old attempt count, so it will be sent again; not
            // at once, though: a store that reads but cannot write must not turn into a loop
            // hammering the receiver.
            held.put(d.id(), System.nanoTime() + HOLD_AFTER_WRITE_FAILURE.toNanos());
        }
        settled.put(d.id(), ticks.incrementAndGet()); // before leaving inFlight; see skip()
        inFlight.remove(d.id());
        if (writeError != null) {
            LOG.log(Level.WARNING, "could not record webhook delivery " + d.id() + "; retrying in "
                    + HOLD_AFTER_WRITE_FAILURE.toSeconds() + " s: " + Outcome.describe(writeError));
            return;
        }
        notifyListener(d, n, o, state);
        nudge();
    }

    private void notifyListener(WebhookDelivery d, int n, Outcome o, String state) {
        try {
            if (o.kind() == Outcome.Kind.DELIVERED) {
                listener.delivered(d, n);
                return;
            }
            listener.attemptFailed(d, n, o.error());
            if (state.equals("failed")) {
                LOG.log(Level.INFO, "webhook delivery " + d.id() + " given up after attempt " + n + ": " + o.error());
                listener.gaveUp(d, n, o.error());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhook listener failed: " + Outcome.describe(e));
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Settings with the defaults of SPEC 4.4; only the store and the address policy are required. */
    public static final class Builder {
        private final Store store;
        private final AddressPolicy policy;
        private Clock clock = Clock.systemUTC();
        private Backoff backoff = Backoff.standard();
        private Duration giveUpAfter = RetrySchedule.DEFAULT_GIVE_UP_AFTER;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration closeGrace = Duration.ofSeconds(5);
        private int maxInFlight = 16;
        private boolean sendSecretHeader = true;
        private HostLookup lookup = HostLookup.system();
        private SSLSocketFactory tls = (SSLSocketFactory) SSLSocketFactory.getDefault();
        private WebhookTransport transport;
        private WebhookListener listener = WebhookListener.NONE;

        private Builder(Store store, AddressPolicy policy) {
            this.store = Objects.requireNonNull(store, "store");
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /** Time for due checks, signatures and the retry schedule. */
        public Builder clock(Clock c) { this.clock = Objects.requireNonNull(c); return this; }

        public Builder backoff(Backoff b) { this.backoff = Objects.requireNonNull(b); return this; }

        /** Give up this long after the event fired (default 24 h). */
        public Builder giveUpAfter(Duration d) { this.giveUpAfter = positive(d, "giveUpAfter"); return this; }

        public Builder pollInterval(Duration d) { this.pollInterval = positive(d, "pollInterval"); return this; }

        public Builder connectTimeout(Duration d) { this.connectTimeout = positive(d, "connectTimeout"); return this; }

        public Builder requestTimeout(Duration d) { this.requestTimeout = positive(d, "requestTimeout"); return this; }

        /** How long {@link #close()} waits for attempts in flight (default 5 s). */
        public Builder closeGrace(Duration d) { this.closeGrace = Objects.requireNonNull(d); return this; }

        public Builder maxInFlight(int n) {
            if (n < 1) throw new IllegalArgumentException("maxInFlight must be at least 1");
            this.maxInFlight = n;
            return this;
        }

        /** {@code webhooks.send_secret_header} (default true, as Zehrava Gate). */
        public Builder sendSecretHeader(boolean on) { this.sendSecretHeader = on; return this; }

        /** Name resolution, e.g. {@code HostLookup.pinned(proxy.hosts, HostLookup.system())}. */
        public Builder lookup(HostLookup l) { this.lookup = Objects.requireNonNull(l); return this; }

        /** Trust for https receivers (default: the JDK trust store). Verification cannot be turned off. */
        public Builder tls(SSLSocketFactory f) { this.tls = Objects.requireNonNull(f); return this; }

        /** Replaces the pinned HTTP transport (whose timeouts then do not apply); it is closed with the dispatcher. */
        public Builder transport(WebhookTransport t) { this.transport = Objects.requireNonNull(t); return this; }

        public Builder listener(WebhookListener l) { this.listener = Objects.requireNonNull(l); return this; }

        public WebhookDispatcher build() { return new WebhookDispatcher(this); }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
            return d;
        }
    }
}
