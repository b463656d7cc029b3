package dev.tollgate.engine.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.audit.AuditVerifier;
import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentQuery;
import dev.tollgate.engine.store.StoreException;
import dev.tollgate.engine.store.StoreTx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer: groups, savepoints, ordering of commit and acknowledgement, overload and close. */
class GroupCommitTest {
    @TempDir Path dir;

    @Test void aLazyWriteSharesTheCommitOfTheNextWrite() throws Exception {
        try (SqliteStore store = Fixtures.open(dir)) {
            long before = store.commitCount();
            CompletableFuture<Long> lazy = store.writeLazily(tx -> {
                tx.putMeta("lazy", "1");
                return store.commitCount();
            });
            CompletableFuture<Void> acked = store.write(tx -> {
                tx.putMeta("acked", "1");
                return null;
            });
            acked.get(5, TimeUnit.SECONDS);
            lazy.get(5, TimeUnit.SECONDS);
            assertEquals(before + 1, store.commitCount(), "one commit for both");
        }
    }

    @Test void aLazyWriteAloneIsCommittedWithinItsWait() throws Exception {
        try (SqliteStore store = Fixtures.open(dir)) {
            long start = System.nanoTime();
            store.writeLazily(tx -> {
                tx.putMeta("lazy", "1");
                return null;
            }).get(5, TimeUnit.SECONDS);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs >= dev.tollgate.engine.store.Store.LAZY_WAIT_MILLIS - 1,
                    "it waited for company first (" + waitedMs + " ms)");
            assertEquals("1", store.read(r -> r.meta("lazy")).get(5, TimeUnit.SECONDS).orElseThrow());
        }
    }

    @Test void concurrentWritersAreCommittedInFarFewerTransactionsThanJobs() throws Exception {
        int threads = 8;
        int perThread = 500;
        try (SqliteStore store = Fixtures.open(dir)) {
            long commitsBefore = store.commitCount();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<CompletableFuture<Intent>> futures = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<java.util.concurrent.Future<List<CompletableFuture<Intent>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                submitted.add(pool.submit(() -> {
                    go.await();
                    List<CompletableFuture<Intent>> mine = new ArrayList<>();
                    for (int n = 0; n < perThread; n++) {
                        Intent i = Fixtures.pending("agt_load", null);
                        mine.add(store.write(tx -> {
                            tx.insertIntent(i);
                            tx.appendAudit(Fixtures.draft(i.id(), "proposed"));
                            return i;
                        }));
                    }
                    return mine;
                }));
            }
            go.countDown();
            for (var f : submitted) futures.addAll(f.get(60, TimeUnit.SECONDS));
            pool.shutdown();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            int jobs = threads * perThread;
            List<Intent> stored = store.read(r -> r.intents(new IntentQuery(null, "agt_load", jobs + 1))).join();
            assertEquals(jobs, stored.size());
            assertEquals(jobs, store.read(r -> r.auditSince(0, jobs + 1)).join().size());
            long commits = store.commitCount() - commitsBefore;
            assertTrue(commits < jobs / 4, "expected group commits, got " + commits + " commits for " + jobs + " jobs");
            assertEquals(jobs, store.chainHead().seq());
        }
        assertTrue(AuditVerifier.verify(dir.resolve("tollgate.db"), Fixtures.chain(1)).ok());
    }

    @Test void concurrentProposalsWithOneIdempotencyKeyInsertExactlyOnce() throws Exception {
        try (SqliteStore store = Fixtures.open(dir)) {
            for (int round = 0; round < 20; round++) {
                String key = "key-" + round;
                CountDownLatch go = new CountDownLatch(1);
                ExecutorService pool = Executors.newFixedThreadPool(2);
                List<java.util.concurrent.Future<CompletableFuture<Boolean>>> both = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    both.add(pool.submit(() -> {
                        go.await();
                        Intent i = Fixtures.pending("agt_a", key);
                        return store.write(tx -> tx.insertIntent(i));
                    }));
                }
                go.countDown();
                int wins = 0;
                for (var f : both) if (f.get().get(10, TimeUnit.SECONDS)) wins++;
                pool.shutdown();
                assertEquals(1, wins, "round " + round);
            }
        }
    }

    @Test void aFailingJobIsRolledBackAloneWithItsAuditEvents() throws Exception {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (SqliteStore store = Fixtures.open(dir)) {
            // Hold the writer so that the next three jobs are queued and run as one group.
            CompletableFuture<Void> blocker = store.write(tx -> {
                writerBusy.countDown();
                release.await();
                return null;
            });
            writerBusy.await();
            Intent before = Fixtures.pending("agt_a", null);
            Intent failing = Fixtures.pending("agt_a", null);
            Intent after = Fixtures.pending("agt_a", null);
            IllegalStateException boom = new IllegalStateException("boom");
            long commitsBefore = store.commitCount();
            CompletableFuture<AuditEvent> f1 = store.write(tx -> insertAndAudit(tx, before, 1));
            CompletableFuture<AuditEvent> f2 = store.write(tx -> {
                insertAndAudit(tx, failing, 2);
                throw boom;
            });
            CompletableFuture<AuditEvent> f3 = store.write(tx -> insertAndAudit(tx, after, 1));
            release.countDown();
            blocker.get(10, TimeUnit.SECONDS);

            AuditEvent e1 = f1.get(10, TimeUnit.SECONDS);
            CompletionException failed = assertThrows(CompletionException.class, f2::join);
            assertSame(boom, failed.getCause(), "the job's own exception");
            AuditEvent e3 = f3.get(10, TimeUnit.SECONDS);
            assertEquals(2, store.commitCount() - commitsBefore, "the blocker's group, then one group for all three");

            assertTrue(store.read(r -> r.intent(before.id())).join().isPresent());
            assertTrue(store.read(r -> r.intent(failing.id())).join().isEmpty());
            assertTrue(store.read(r -> r.intent(after.id())).join().isPresent());
            assertTrue(store.read(r -> r.auditForIntent(failing.id())).join().isEmpty());
            // The chain skips the failed job as if it never ran: no gap, direct link.
            assertEquals(e1.seq() + 1, e3.seq());
            assertEquals(e1.hash(), e3.prevHash());
            assertEquals(e3.seq(), store.chainHead().seq());
            assertEquals(e3.hash(), store.chainHead().hash());
        }
        AuditVerifier.Result r = AuditVerifier.verify(dir.resolve("tollgate.db"), Fixtures.chain(1));
        assertTrue(r.ok(), r.message());
        assertEquals(2, r.count());
    }

    private static AuditEvent insertAndAudit(StoreTx tx, Intent i, int events) {
        tx.insertIntent(i);
        AuditEvent last = null;
        for (int n = 0; n < events; n++) last = tx.appendAudit(Fixtures.draft(i.id(), "proposed"));
        return last;
    }

    @Test void aJobFailingOnSqlIsRolledBackAloneToo() {
        try (SqliteStore store = Fixtures.open(dir)) {
            Intent i = Fixtures.pending("agt_a", null);
            store.write(tx -> tx.insertIntent(i)).join();
            CompletionException e = assertThrows(CompletionException.class, () -> store.write(tx -> {
                tx.appendAudit(Fixtures.draft(i.id(), "x"));
                return tx.insertIntent(i); // same primary key
            }).join());
            assertInstanceOf(StoreException.class, e.getCause());
            AuditEvent next = store.write(tx -> tx.appendAudit(Fixtures.draft(i.id(), "y"))).join();
            assertEquals(1, next.seq());
        }
    }

    @Test void aFailedCommitFailsTheWholeGroupAndRestoresTheChainHead() throws Exception {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (SqliteStore store = Fixtures.open(dir)) {
            AuditEvent first = store.write(tx -> tx.appendAudit(Fixtures.draft("int_0", "proposed"))).join();
            store.write(tx -> {
                writerBusy.countDown();
                release.await();
                return null;
            });
            writerBusy.await();
            Intent innocent = Fixtures.pending("agt_a", null);
            CompletableFuture<AuditEvent> a = store.write(tx -> insertAndAudit(tx, innocent, 1));
            // A deferred foreign key is checked only at COMMIT: this job succeeds, the commit fails.
            CompletableFuture<Object> b = store.write(tx -> {
                try (var st = ((SqlTx) tx).statements.connection().createStatement()) {
                    st.execute("PRAGMA defer_foreign_keys = ON");
                }
                tx.appendAudit(Fixtures.draft("int_x", "orphan"));
                tx.insertWebhook(new dev.tollgate.engine.webhook.Webhook("whk_1", "int_missing", "agt_a",
                        "https://example.com", null, Fixtures.T0));
                return null;
            });
            release.countDown();
            for (CompletableFuture<?> f : List.of(a, b)) {
                CompletionException e = assertThrows(CompletionException.class, f::join);
                assertInstanceOf(StoreException.class, e.getCause());
                assertTrue(e.getCause().getMessage().startsWith("store commit failed"), e.getCause().getMessage());
            }
            assertFalse(store.writable());
            assertTrue(store.read(r -> r.intent(innocent.id())).join().isEmpty(), "nothing of the group is durable");
            assertEquals(first.seq(), store.chainHead().seq(), "head re-read from the database");
            assertEquals(first.hash(), store.chainHead().hash());

            // writable() probes while it is false; the probe commits and it turns true again.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!store.writable() && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(store.writable());
            AuditEvent next = store.write(tx -> tx.appendAudit(Fixtures.draft("int_0", "approved"))).join();
            assertEquals(first.seq() + 1, next.seq());
            assertEquals(first.hash(), next.prevHash());
        }
        assertTrue(AuditVerifier.verify(dir.resolve("tollgate.db"), Fixtures.chain(1)).ok());
    }

    @Test void aReadSeesOneSnapshotWhileWritesCommit() throws Exception {
        try (SqliteStore store = Fixtures.open(dir)) {
            store.write(tx -> tx.insertIntent(Fixtures.pending("agt_a", null))).join();
            CountDownLatch firstRead = new CountDownLatch(1);
            CountDownLatch written = new CountDownLatch(1);
            CompletableFuture<List<Long>> counts = store.read(r -> {
                long before = r.countIntentsSince("agt_a", Fixtures.T0);
                firstRead.countDown();
                written.await();
                return List.of(before, r.countIntentsSince("agt_a", Fixtures.T0));
            });
            firstRead.await();
            store.write(tx -> tx.insertIntent(Fixtures.pending("agt_a", null))).get(10, TimeUnit.SECONDS);
            written.countDown();
            assertEquals(List.of(1L, 1L), counts.get(10, TimeUnit.SECONDS));
            assertEquals(2L, (long) store.read(r -> r.countIntentsSince("agt_a", Fixtures.T0)).join());
        }
    }

    @Test void continuationsNeverRunOnTheWriterThread() throws Exception {
        try (SqliteStore store = Fixtures.open(dir)) {
            // Hold the writer so that the continuations below are attached before their futures complete.
            CountDownLatch writerBusy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            store.write(tx -> {
                writerBusy.countDown();
                release.await();
                return null;
            });
            writerBusy.await();
            AtomicReference<Thread> writerThread = new AtomicReference<>();
            AtomicReference<Thread> continuation = new AtomicReference<>();
            CompletableFuture<Void> observed = store.write(tx -> {
                writerThread.set(Thread.currentThread());
                return 1;
            }).thenAccept(x -> continuation.set(Thread.currentThread()));
            // A slow continuation must hold up neither the writer nor the next caller's answer.
            CountDownLatch stall = new CountDownLatch(1);
            store.write(tx -> 1).thenAccept(x -> {
                try {
                    stall.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            release.countDown();
            observed.get(10, TimeUnit.SECONDS);
            assertNotEquals(writerThread.get(), continuation.get());
            assertNotEquals(Thread.currentThread(), continuation.get());
            assertEquals(2, store.write(tx -> 2).get(10, TimeUnit.SECONDS));
            stall.countDown();
        }
    }

    @Test void aFullQueueFailsFastInsteadOfBlocking() throws Exception {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SqliteStore.Settings tiny = new SqliteStore.Settings(1, 512, 2, 1);
        try (SqliteStore store = SqliteStore.open(dir.resolve("tollgate.db"), Fixtures.chain(1), tiny)) {
            CompletableFuture<Object> blocker = store.write(tx -> {
                writerBusy.countDown();
                release.await();
                return null;
            });
            writerBusy.await();
            CompletableFuture<Integer> queued = store.write(tx -> 1);
            CompletableFuture<Integer> refused = store.write(tx -> 2);
            CompletionException e = assertThrows(CompletionException.class, refused::join);
            assertEquals("store overloaded", e.getCause().getMessage());
            release.countDown();
            blocker.get(10, TimeUnit.SECONDS);
            assertEquals(1, queued.get(10, TimeUnit.SECONDS));
        }
    }

    @Test void aJobCannotKeepItsTransactionAfterItEnds() {
        try (SqliteStore store = Fixtures.open(dir)) {
            StoreTx leaked = store.write(tx -> tx).join();
            assertThrows(IllegalStateException.class, () -> leaked.meta("x"));
        }
    }

    @Test void closeCommitsWhatIsQueuedAndRefusesLaterWrites() throws Exception {
        SqliteStore store = Fixtures.open(dir);
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.write(tx -> {
            writerBusy.countDown();
            release.await();
            return null;
        });
        writerBusy.await();
        List<CompletableFuture<Boolean>> queued = new ArrayList<>();
        List<Intent> intents = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            Intent i = Fixtures.pending("agt_a", null);
            intents.add(i);
            queued.add(store.write(tx -> tx.insertIntent(i)));
        }
        Thread closer = new Thread(store::close);
        closer.start();
        release.countDown();
        closer.join(10_000);
        assertFalse(closer.isAlive());
        for (var f : queued) assertTrue(f.get(1, TimeUnit.SECONDS));
        CompletionException e = assertThrows(CompletionException.class, () -> store.write(tx -> 1).join());
        assertEquals("store is closed", e.getCause().getMessage());
        assertThrows(CompletionException.class, () -> store.read(r -> 1).join());
        assertFalse(store.writable());

        try (SqliteStore again = Fixtures.open(dir)) {
            for (Intent i : intents) assertEquals(i, again.read(r -> r.intent(i.id())).join().orElseThrow());
        }
    }
}
