package dev.tollgate.tasks.channel;

import dev.tollgate.tasks.config.HostedGatewayConfig;
import dev.tollgate.tasks.config.HostedGatewayConfigLoader;
import dev.tollgate.tasks.exec.CommandRunner;
import dev.tollgate.tasks.service.StepGovernor;
import dev.tollgate.tasks.service.StepPerformer;
import dev.tollgate.tasks.service.TaskSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The task channel's moving parts built from one {@link HostedGatewayConfig}: the compiled
 * {@link LocalAccessPolicy}, the governor and performer the {@link dev.tollgate.tasks.service.TaskService}
 * drives, the service's {@link TaskSettings}, and the {@link CommandRunner} (closed with the channel:
 * commands still running are killed with their process trees).
 */
public final class TaskChannel implements AutoCloseable {
    /** Commands run at once; more wait in the runner's queue (their timeout starts when they start). */
    public static final int DEFAULT_MAX_CONCURRENT_COMMANDS = 16;
    /** Where {@code serve} looks by default, relative to its working directory. */
    public static final Path DEFAULT_LOCATION = Path.of("config", "gateway.yaml");

    private final LocalAccessPolicy policy;
    private final CommandRunner runner;
    private final ChannelGovernor governor;
    private final ChannelPerformer performer;
    private final TaskSettings settings;

    private TaskChannel(HostedGatewayConfig config, CommandRunner runner) {
        this.policy = new LocalAccessPolicy(config);
        this.runner = Objects.requireNonNull(runner, "runner");
        this.governor = new ChannelGovernor(policy);
        this.performer = new ChannelPerformer(policy, runner);
        this.settings = new TaskSettings(config.gatewayId(),
                Duration.ofSeconds(config.shell().approvalTimeoutSeconds()), config.wallets().enabled());
    }

    public static TaskChannel create(HostedGatewayConfig config) {
        return create(config, DEFAULT_MAX_CONCURRENT_COMMANDS);
    }

    public static TaskChannel create(HostedGatewayConfig config, int maxConcurrentCommands) {
        return new TaskChannel(config, new CommandRunner(maxConcurrentCommands));
    }

    /**
     * Reads {@code file}. A missing file is the defaults (local access off) when it is the
     * default location ({@code .../config/gateway.yaml}) and nobody named it; a file the operator
     * named must exist. Throws {@link dev.tollgate.engine.config.ConfigException} with every
     * problem ({@code file:line: key: message}).
     *
     * @param named whether the operator named the file (flag, variable or settings key)
     */
    public static HostedGatewayConfig loadConfig(Path file, boolean named) {
        if (!named && !Files.exists(file)) return HostedGatewayConfig.defaults();
        return HostedGatewayConfigLoader.load(file);
    }

    /** {@link #loadConfig(Path, boolean)} deciding "named" from the path: anything but the default location was named. */
    public static HostedGatewayConfig loadConfig(Path file) {
        return loadConfig(file, !file.normalize().endsWith(DEFAULT_LOCATION));
    }

    public LocalAccessPolicy policy() { return policy; }

    public HostedGatewayConfig config() { return policy.config(); }

    public StepGovernor governor() { return governor; }

    public StepPerformer performer() { return performer; }

    public TaskSettings settings() { return settings; }

    public String policyVersion() { return policy.policyVersion(); }

    @Override public void close() { runner.close(); }
}
