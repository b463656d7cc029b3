package dev.tollgate.engine.store.sqlite;

import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepChange;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.task.TaskStatus;
import dev.tollgate.engine.task.TaskWrites;
import dev.tollgate.engine.task.WalletScope;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Task-channel writes on the writer's connection, inside the job's savepoint. Each boolean method
 * is one {@code UPDATE ... WHERE <expected state>} whose row count is the answer.
 */
final class SqlTaskWrites extends SqlTaskReads implements TaskWrites {
    private static final String INSERT_TASK = "INSERT INTO tasks (" + SqlTaskRows.TASK_COLUMNS + ") VALUES ("
            + Rows.placeholders(12) + ")";
    private static final String INSERT_STEP = "INSERT INTO steps (" + SqlTaskRows.STEP_COLUMNS + ", body) VALUES ("
            + Rows.placeholders(18) + ")";
    private static final String INSERT_ACTION = "INSERT INTO actions (" + SqlTaskRows.ACTION_COLUMNS + ") VALUES ("
            + Rows.placeholders(23) + ")";

    SqlTaskWrites(SqlReader db) { super(db); }

    private int update(String sql, SqlReader.Binder binder) {
        return db.sql(() -> db.prepare(sql, binder).executeUpdate());
    }

    @Override public void insertTask(Task t) {
        update(INSERT_TASK, ps -> {
            ps.setString(1, t.id());
            ps.setString(2, t.gatewayId());
            ps.setString(3, t.agentId());
            Rows.setString(ps, 4, t.identity().userId());
            Rows.setString(ps, 5, t.identity().teamId());
            Rows.setString(ps, 6, t.identity().orgId());
            Rows.setJson(ps, 7, t.toolInvocation());
            Rows.setJson(ps, 8, t.cacheContext());
            Rows.setJson(ps, 9, t.metadata());
            ps.setString(10, t.status().wire());
            ps.setLong(11, t.createdAt().toEpochMilli());
            ps.setLong(12, t.updatedAt().toEpochMilli());
        });
    }

    @Override public boolean casTaskStatus(String taskId, Set<TaskStatus> from, TaskStatus to, Instant at) {
        if (from.isEmpty()) return false;
        List<TaskStatus> in = List.copyOf(from);
        return update("UPDATE tasks SET status = ?, updated_at = ? WHERE task_id = ? AND status IN ("
                + Rows.placeholders(in.size()) + ")", ps -> {
                    ps.setString(1, to.wire());
                    ps.setLong(2, at.toEpochMilli());
                    ps.setString(3, taskId);
                    for (int k = 0; k < in.size(); k++) ps.setString(4 + k, in.get(k).wire());
                }) == 1;
    }

    @Override public void insertStep(Step s, String body) {
        update(INSERT_STEP, ps -> {
            ps.setString(1, s.id());
            ps.setString(2, s.taskId());
            ps.setInt(3, s.seq());
            ps.setString(4, s.op());
            String request = Rows.json(s.request());
            ps.setString(5, request == null ? "{}" : request);
            ps.setString(6, s.status().wire());
            Rows.setString(ps, 7, s.riskLevel());
            Rows.setString(ps, 8, s.riskReason());
            Rows.setString(ps, 9, s.reasonCode());
            Rows.setJson(ps, 10, s.result());
            Rows.setString(ps, 11, s.actionId());
            ps.setLong(12, s.cost());
            Rows.setString(ps, 13, s.walletScope() == null ? null : s.walletScope().wire());
            Rows.setString(ps, 14, s.walletId());
            ps.setLong(15, s.createdAt().toEpochMilli());
            Rows.setTime(ps, 16, s.startedAt());
            Rows.setTime(ps, 17, s.endedAt());
            // A step recorded already ended (blocked) keeps no withheld body.
            Rows.setString(ps, 18, s.status().ended() ? null : body);
        });
    }

    @Override public boolean casStep(String stepId, Set<StepStatus> from, StepChange c) {
        if (from.isEmpty()) return false;
        List<StepStatus> in = List.copyOf(from);
        boolean ends = c.to().ended();
        long at = c.at().toEpochMilli();
        return update("UPDATE steps SET status = ?, reason_code = COALESCE(?, reason_code),"
                + " result = COALESCE(?, result), started_at = COALESCE(?, started_at),"
                + " ended_at = COALESCE(?, ended_at), body = CASE WHEN ? = 1 THEN NULL ELSE body END"
                + " WHERE step_id = ? AND status IN (" + Rows.placeholders(in.size()) + ")", ps -> {
                    ps.setString(1, c.to().wire());
                    Rows.setString(ps, 2, c.reasonCode());
                    Rows.setJson(ps, 3, c.result());
                    Rows.setLong(ps, 4, c.to() == StepStatus.RUNNING ? at : null);
                    Rows.setLong(ps, 5, ends ? at : null);
                    ps.setInt(6, ends ? 1 : 0);
                    ps.setString(7, stepId);
                    for (int k = 0; k < in.size(); k++) ps.setString(8 + k, in.get(k).wire());
                }) == 1;
    }

    @Override public boolean recordStepDebit(String stepId, long cost, WalletScope scope, String walletId) {
        return update("UPDATE steps SET cost = ?, wallet_scope = ?, wallet_id = ? WHERE step_id = ? AND status = ?",
                ps -> {
                    ps.setLong(1, cost);
                    ps.setString(2, scope.wire());
                    ps.setString(3, walletId);
                    ps.setString(4, stepId);
                    ps.setString(5, StepStatus.HELD_INSUFFICIENT_BALANCE.wire());
                }) == 1;
    }

    @Override public void insertAction(PendingAction a) {
        update(INSERT_ACTION, ps -> {
            ps.setString(1, a.id());
            ps.setString(2, a.taskId());
            ps.setString(3, a.stepId());
            ps.setString(4, a.gatewayId());
            ps.setString(5, a.agentId());
            Rows.setString(ps, 6, a.identity().userId());
            Rows.setString(ps, 7, a.identity().teamId());
            Rows.setString(ps, 8, a.identity().orgId());
            ps.setString(9, a.op());
            Rows.setString(ps, 10, a.preview());
            Rows.setString(ps, 11, a.cwd());
            Rows.setString(ps, 12, a.riskLevel());
            Rows.setString(ps, 13, a.riskReason());
            Rows.setString(ps, 14, a.scope());
            ps.setString(15, a.commandDigest());
            Rows.setString(ps, 16, a.policyVersion());
            ps.setString(17, a.status().wire());
            Rows.setString(ps, 18, a.decidedBy());
            Rows.setTime(ps, 19, a.decidedAt());
            Rows.setString(ps, 20, a.reason());
            ps.setLong(21, a.createdAt().toEpochMilli());
            ps.setLong(22, a.expiresAt().toEpochMilli());
            Rows.setTime(ps, 23, a.consumedAt());
        });
    }

    @Override public boolean decideAction(String actionId, ActionStatus from, ActionStatus to, String decidedBy,
                                          String reason, Instant at) {
        if (to == ActionStatus.CONSUMED) throw new IllegalArgumentException("use consumeAction");
        return update("UPDATE actions SET status = ?, decided_by = ?, decided_at = ?, reason = ?"
                + " WHERE action_id = ? AND status = ?", ps -> {
                    ps.setString(1, to.wire());
                    Rows.setString(ps, 2, decidedBy);
                    ps.setLong(3, at.toEpochMilli());
                    Rows.setString(ps, 4, reason);
                    ps.setString(5, actionId);
                    ps.setString(6, from.wire());
                }) == 1;
    }

    @Override public boolean consumeAction(String actionId, Instant at) {
        return update("UPDATE actions SET status = ?, consumed_at = ? WHERE action_id = ? AND status = ?", ps -> {
            ps.setString(1, ActionStatus.CONSUMED.wire());
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, actionId);
            ps.setString(4, ActionStatus.APPROVED.wire());
        }) == 1;
    }

    @Override public long creditWallet(WalletScope scope, String id, long amount, Instant at) {
        if (amount <= 0) throw new IllegalArgumentException("a credit must be positive");
        update("INSERT INTO wallets (scope, id, balance, updated_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (scope, id) DO UPDATE SET balance = wallets.balance + excluded.balance,"
                + " updated_at = excluded.updated_at", ps -> {
                    ps.setString(1, scope.wire());
                    ps.setString(2, id);
                    ps.setLong(3, amount);
                    ps.setLong(4, at.toEpochMilli());
                });
        return db.sql(() -> {
            try (ResultSet rs = db.prepare("SELECT balance FROM wallets WHERE scope = ? AND id = ?", ps -> {
                ps.setString(1, scope.wire());
                ps.setString(2, id);
            }).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override public boolean debitWallet(WalletScope scope, String id, long amount, Instant at) {
        if (amount <= 0) throw new IllegalArgumentException("a debit must be positive");
        return update("UPDATE wallets SET balance = balance - ?, updated_at = ?"
                + " WHERE scope = ? AND id = ? AND balance >= ?", ps -> {
                    ps.setLong(1, amount);
                    ps.setLong(2, at.toEpochMilli());
                    ps.setString(3, scope.wire());
                    ps.setString(4, id);
                    ps.setLong(5, amount);
                }) == 1;
    }
}
