package dev.tollgate.engine.store.sqlite;

import dev.tollgate.engine.task.ActionQuery;
import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.task.TaskQuery;
import dev.tollgate.engine.task.TaskReads;
import dev.tollgate.engine.task.Wallet;
import dev.tollgate.engine.task.WalletScope;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Task-channel queries on the connection (and statement cache) of one job's reader, so they see
 * that job's snapshot or, in a write, its uncommitted writes. Valid only while the job runs.
 */
class SqlTaskReads implements TaskReads {
    private static final String TASK_SELECT = "SELECT " + SqlTaskRows.TASK_COLUMNS + " FROM tasks";
    private static final String STEP_SELECT = "SELECT " + SqlTaskRows.STEP_COLUMNS + " FROM steps";
    private static final String ACTION_SELECT = "SELECT " + SqlTaskRows.ACTION_COLUMNS + " FROM actions";

    protected final SqlReader db;

    SqlTaskReads(SqlReader db) { this.db = db; }

    @Override public Optional<Task> task(String taskId) {
        return db.one(TASK_SELECT + " WHERE task_id = ?", ps -> ps.setString(1, taskId), SqlTaskRows::task);
    }

    @Override public List<Task> tasks(TaskQuery q) {
        EqualityFilter f = new EqualityFilter().eq("status", q.status() == null ? null : q.status().wire())
                .eq("agent_id", q.agentId());
        return db.list(TASK_SELECT + f.where() + " ORDER BY created_at DESC, task_id DESC LIMIT ?",
                ps -> f.bind(ps, q.limit()), SqlTaskRows::task);
    }

    @Override public Optional<Step> step(String stepId) {
        return db.one(STEP_SELECT + " WHERE step_id = ?", ps -> ps.setString(1, stepId), SqlTaskRows::step);
    }

    @Override public List<Step> steps(String taskId) {
        return db.list(STEP_SELECT + " WHERE task_id = ? ORDER BY seq", ps -> ps.setString(1, taskId),
                SqlTaskRows::step);
    }

    @Override public List<Step> stepsByStatus(StepStatus status, int limit) {
        return db.list(STEP_SELECT + " WHERE status = ? ORDER BY created_at, seq, step_id LIMIT ?", ps -> {
            ps.setString(1, status.wire());
            ps.setInt(2, limit);
        }, SqlTaskRows::step);
    }

    @Override public Optional<String> stepBody(String stepId) {
        return db.one("SELECT body FROM steps WHERE step_id = ?", ps -> ps.setString(1, stepId),
                rs -> Optional.ofNullable(rs.getString(1))).flatMap(b -> b);
    }

    @Override public int nextStepSeq(String taskId) {
        return db.sql(() -> {
            try (ResultSet rs = db.prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM steps WHERE task_id = ?",
                    ps -> ps.setString(1, taskId)).executeQuery()) {
                return rs.next() ? rs.getInt(1) : 1;
            }
        });
    }

    @Override public Optional<PendingAction> action(String actionId) {
        return db.one(ACTION_SELECT + " WHERE action_id = ?", ps -> ps.setString(1, actionId), SqlTaskRows::action);
    }

    @Override public List<PendingAction> actions(ActionQuery q) {
        EqualityFilter f = new EqualityFilter().eq("status", q.status() == null ? null : q.status().wire())
                .eq("agent_id", q.agentId()).eq("task_id", q.taskId());
        return db.list(ACTION_SELECT + f.where() + " ORDER BY created_at, action_id LIMIT ?",
                ps -> f.bind(ps, q.limit()), SqlTaskRows::action);
    }

    @Override public List<PendingAction> overdueActions(Instant now, int limit) {
        return db.list(ACTION_SELECT + " WHERE status = ? AND expires_at <= ? ORDER BY expires_at, action_id LIMIT ?",
                ps -> {
                    ps.setString(1, ActionStatus.PENDING.wire());
                    ps.setLong(2, now.toEpochMilli());
                    ps.setInt(3, limit);
                }, SqlTaskRows::action);
    }

    @Override public Optional<Wallet> wallet(WalletScope scope, String id) {
        return db.one("SELECT " + SqlTaskRows.WALLET_COLUMNS + " FROM wallets WHERE scope = ? AND id = ?", ps -> {
            ps.setString(1, scope.wire());
            ps.setString(2, id);
        }, SqlTaskRows::wallet);
    }

    @Override public List<Wallet> wallets() {
        return db.list("SELECT " + SqlTaskRows.WALLET_COLUMNS + " FROM wallets ORDER BY scope, id", ps -> {},
                SqlTaskRows::wallet);
    }
}
