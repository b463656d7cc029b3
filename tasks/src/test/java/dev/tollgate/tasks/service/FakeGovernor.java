package dev.tollgate.tasks.service;

import dev.tollgate.engine.util.Hashing;
import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A governor with fixed rules on the command's first word: ls/echo/cat allow (safe), rm and
 * git needs approval (destructive), sudo blocked, dd allowed but critical (a misconfigured
 * governor: the service must still require approval). File ops: read_* allowed, write/delete need approval.
 */
final class FakeGovernor implements StepGovernor {
    volatile String policyVersion = "pv1";
    volatile long cost = 0;
    /** Everything blocked from now on (a stricter configuration loaded). */
    volatile boolean blockEverything;
    final AtomicInteger calls = new AtomicInteger();
    /** When set, the n-th call (1-based) waits for {@link #release} first: a re-validation stuck in flight. */
    volatile int stallCall = -1;
    final CountDownLatch stalled = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override public Assessment assess(StepRequest r, TaskContext ctx) {
        if (calls.incrementAndGet() == stallCall) {
            stalled.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String cwd = r.text("cwd") == null ? "/srv/p" : r.text("cwd");
        if (!"shell".equals(r.op())) {
            String path = r.text("path");
            String content = r.text("content");
            ActionSubject subject = ActionSubject.file(path, content == null ? null : Hashing.sha256Hex(content), cwd);
            boolean writes = r.op().startsWith("write") || r.op().startsWith("delete");
            if (path == null || path.contains("..")) {
                return new Assessment(Decision.BLOCKED, RiskTier.SAFE, List.of("bad path"), "invalid_path",
                        r.op() + " " + path, null, subject, policyVersion, cost);
            }
            return new Assessment(writes ? Decision.APPROVAL_REQUIRED : Decision.ALLOW,
                    writes ? RiskTier.DESTRUCTIVE : RiskTier.SAFE, List.of(writes ? "overwrites a file" : "reads"),
                    null, r.op() + " " + path, path, subject, policyVersion, cost);
        }
        String command = r.text("command");
        ActionSubject subject = ActionSubject.command(command, cwd);
        String first = blockEverything || command == null ? "" : command.split(" ")[0];
        return switch (first) {
            case "ls", "echo", "cat" -> new Assessment(Decision.ALLOW, RiskTier.SAFE, List.of(first + ": reads"), null,
                    command, null, subject, policyVersion, cost);
            case "rm", "git" -> new Assessment(Decision.APPROVAL_REQUIRED, RiskTier.DESTRUCTIVE,
                    List.of(first + ": deletes files"), null, command, "./build", subject, policyVersion, cost);
            case "dd" -> new Assessment(Decision.ALLOW, RiskTier.CRITICAL, List.of("dd: block device"), null, command,
                    "/dev/sda", subject, policyVersion, cost);
            default -> new Assessment(Decision.BLOCKED, RiskTier.SAFE, List.of(command + ": blocked_commands"),
                    "blocked_command", command, null, subject, policyVersion, cost);
        };
    }
}
