package dev.tollgate.tasks.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.util.Json;
import dev.tollgate.tasks.config.ShellSettings;
import dev.tollgate.tasks.exec.CommandResult;
import dev.tollgate.tasks.exec.CommandRunner;
import dev.tollgate.tasks.exec.CommandSpec;
import dev.tollgate.tasks.files.FileOp;
import dev.tollgate.tasks.files.FileOperations;
import dev.tollgate.tasks.files.FileResult;
import dev.tollgate.tasks.service.StepOutcome;
import dev.tollgate.tasks.service.StepPerformer;
import dev.tollgate.tasks.service.StepRequest;
import dev.tollgate.tasks.service.TaskContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The real {@link StepPerformer}. Shell steps: {@code /bin/bash -c} through the
 * {@link CommandRunner}, in the canonical cwd, with exactly {@code shell.env} (never the
 * gateway's own environment), the step's {@code timeout_seconds} (at most, and by default,
 * {@code command_timeout_seconds}) and {@code max_output_bytes} per stream. A command that exited
 * is {@code completed} whatever its exit code; one that could not start or timed out is
 * {@code failed}. File steps: {@link FileOperations}, which re-run every check on what they open;
 * a refusal at that point (the file system changed since the step was classified) is
 * {@code failed} with {@code reason_code}.
 *
 * <p>A command cut short because the gateway is shutting down is never reported: its step stays
 * {@code running} in the store and becomes {@code interrupted} at the next start (§7.6), rather
 * than {@code failed} as if the command had misbehaved.
 */
public final class ChannelPerformer implements StepPerformer {
    private final LocalAccessPolicy policy;
    private final CommandRunner runner;
    private final ShellSettings shell;

    public ChannelPerformer(LocalAccessPolicy policy, CommandRunner runner) {
        this.policy = policy;
        this.runner = runner;
        this.shell = policy.config().shell();
    }

    @Override public CompletableFuture<StepOutcome> perform(StepRequest r, TaskContext ctx) {
        if (!policy.enabled()) return done(refused(LocalAccessPolicy.DISABLED, "local access is disabled"));
        String cwdText = StepFields.optionalText(r, "cwd", StepFields.MAX_PATH_CHARS);
        Path cwd = null;
        if (cwdText != null || "shell".equals(r.op())) {
            LocalAccessPolicy.Cwd where = policy.cwd(cwdText);
            if (where instanceof LocalAccessPolicy.Cwd.Refused x) return done(refused(x.reasonCode(), x.detail()));
            cwd = ((LocalAccessPolicy.Cwd.Ok) where).path();
        }
        if ("shell".equals(r.op())) return shell(r, cwd);
        try {
            return done(file(r, FileOp.fromWire(r.op()), cwd));
        } catch (IllegalArgumentException e) {
            return done(refused("invalid_request", e.getMessage()));
        }
    }

    private CompletableFuture<StepOutcome> shell(StepRequest r, Path cwd) {
        String command = StepFields.requiredText(r, "command", StepFields.MAX_COMMAND_CHARS);
        long timeout = StepFields.integer(r, "timeout_seconds", 1, shell.commandTimeoutSeconds(),
                shell.commandTimeoutSeconds());
        CommandSpec spec = new CommandSpec(command, cwd, shell.env(), Duration.ofSeconds(timeout), shell.maxOutputBytes());
        return runner.run(spec).handle((result, failure) -> {
            if (failure == null) return CompletableFuture.completedFuture(outcome(result));
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof CancellationException || cause instanceof IllegalStateException) {
                return new CompletableFuture<StepOutcome>(); // shutting down: left running, interrupted at restart
            }
            return CompletableFuture.<StepOutcome>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    static StepOutcome outcome(CommandResult result) {
        ObjectNode json = result.toJson();
        return result.completed() ? StepOutcome.completed(json, 0) : StepOutcome.failed(json);
    }

    private StepOutcome file(StepRequest r, FileOp op, Path cwd) {
        FileOperations files = policy.files();
        String path = StepFields.requiredText(r, "path", StepFields.MAX_PATH_CHARS);
        FileResult res = switch (op) {
            case LIST_FILES -> files.list(path, cwd, StepFields.bool(r, "recursive", false),
                    (int) StepFields.integer(r, "max_entries", 1, StepFields.MAX_ENTRIES, 1000));
            case READ_FILE_SUMMARY -> files.summary(path, cwd);
            case READ_FILE_CHUNK -> files.readChunk(path, cwd, StepFields.integer(r, "offset", 0, Long.MAX_VALUE / 2, 0),
                    (int) StepFields.integer(r, "length", 0, Integer.MAX_VALUE, policy.maxFileBytes()));
            case SEARCH_FILES -> files.search(path, cwd, StepFields.requiredText(r, "pattern", StepFields.MAX_PATTERN_CHARS),
                    StepFields.bool(r, "regex", false),
                    (int) StepFields.integer(r, "max_results", 1, StepFields.MAX_RESULTS, 100));
            case WRITE_FILE -> files.write(path, cwd, StepFields.content(r), StepFields.bool(r, "overwrite", false));
            case DELETE_FILE -> files.delete(path, cwd);
        };
        if (res instanceof FileResult.Ok ok) return StepOutcome.completed(ok.result(), ok.bytesRead() + ok.bytesWritten());
        FileResult.Refused no = (FileResult.Refused) res;
        ObjectNode result = refusedJson(no.reason().wire(), no.detail());
        result.put("path", no.path());
        return StepOutcome.failed(result);
    }

    private static StepOutcome refused(String code, String detail) { return StepOutcome.failed(refusedJson(code, detail)); }

    private static ObjectNode refusedJson(String code, String detail) {
        return Json.object().put("error", detail).put("reason_code", code);
    }

    private static <T> CompletableFuture<T> done(T value) { return CompletableFuture.completedFuture(value); }
}
