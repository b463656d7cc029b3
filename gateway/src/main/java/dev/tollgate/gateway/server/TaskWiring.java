package dev.tollgate.gateway.server;

import dev.tollgate.engine.store.Store;
import dev.tollgate.gateway.api.ActionRoutes;
import dev.tollgate.gateway.api.TaskRoutes;
import dev.tollgate.gateway.api.WalletRoutes;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.http.Router;
import dev.tollgate.tasks.channel.TaskChannel;
import dev.tollgate.tasks.config.HostedGatewayConfig;
import dev.tollgate.tasks.service.RecoveryReport;
import dev.tollgate.tasks.service.TaskListener;
import dev.tollgate.tasks.service.TaskService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The task channel of one server (SPEC §7): {@code gateway.yaml} read with the rest of the
 * configuration (before the data dir is touched), then the channel (governor, performer, command
 * runner), the service, its routes, the action-expiry sweep and restart recovery.
 */
final class TaskWiring implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TaskWiring.class.getName());
    static final long SWEEP_MS = 1000;

    private final TaskChannel channel;
    private final ExecutorService compute;
    private final TaskService service;

    private TaskWiring(TaskChannel channel, ExecutorService compute, TaskService service) {
        this.channel = channel;
        this.compute = compute;
        this.service = service;
    }

    /**
     * Configuration phase: {@code gateway_config}, validated. Missing at the default location: the
     * defaults (local access off); missing where the operator pointed: refused.
     *
     * @throws dev.tollgate.engine.config.ConfigException listing every problem
     */
    static HostedGatewayConfig loadConfig(Settings s) {
        return TaskChannel.loadConfig(s.gatewayConfig());
    }

    /**
     * The API listener's idle timeout: 60 s, or longer when a step may run longer. A step's
     * request is answered when the command ends (up to {@code command_timeout_seconds}) and a
     * long-poll may wait 60 s; nothing is written meanwhile, and the connection must not be
     * closed as idle under them. Unchanged (60 s) while local access is off.
     */
    static Duration apiIdleTimeout(HostedGatewayConfig config) {
        if (!config.localAccess().enabled()) return Duration.ofSeconds(60); // every step ends at once: blocked
        long needed = Math.max(TaskService.MAX_WAIT.toSeconds(), config.shell().commandTimeoutSeconds()) + 15;
        return Duration.ofSeconds(Math.max(60, needed));
    }

    static TaskWiring start(HostedGatewayConfig config, Store store, Clock clock, ScheduledExecutorService scheduler,
                            TaskListener listener) {
        TaskChannel channel = TaskChannel.create(config);
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        // Governor (file system looks) and file operations run here, never on event loops or store threads.
        ThreadPoolExecutor compute = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), TollgateServer.daemon("tollgate-tasks"));
        compute.allowCoreThreadTimeOut(true);
        TaskService service = new TaskService(store, channel.governor(), channel.performer(), channel.settings(), clock,
                compute, scheduler, listener);
        TaskWiring w = new TaskWiring(channel, compute, service);
        scheduler.scheduleWithFixedDelay(w::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        return w;
    }

    TaskService service() { return service; }

    void register(Router router) {
        new TaskRoutes(service).register(router);
        new ActionRoutes(service).register(router);
        new WalletRoutes(service).register(router);
    }

    /**
     * Restart recovery (§7.6), before the API serves: running steps become interrupted, overdue
     * actions expire, approved-but-not-started steps are started once (in the background).
     */
    void recover() {
        RecoveryReport r;
        try {
            r = service.recoverAfterRestart().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during task channel recovery", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("task channel recovery failed: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        if (!r.interrupted().isEmpty() || !r.expired().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "task channel recovery: " + r.interrupted().size()
                    + " interrupted step(s), " + r.expired().size() + " expired action(s)");
        }
        r.relaunched().whenComplete((steps, e) -> {
            if (e != null) LOG.log(System.Logger.Level.WARNING, "restarting approved steps failed", e);
        });
    }

    private void sweep() {
        try {
            service.expireOverdue().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "action expiry sweep failed; will retry", e);
        }
    }

    @Override public void close() throws InterruptedException {
        channel.close(); // kills running commands; their steps stay running and are interrupted at the next start
        compute.shutdownNow();
        compute.awaitTermination(2, TimeUnit.SECONDS);
    }
}
