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
import java.util.ArrayList;
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
        List<String> where = new ArrayList<>(2);
        List<String> args = new ArrayList<>(2);
        if (q.status() != null) {
            where.add("status = ?");
            args.add(q.status().wire());
        }
        if (q.agentId() != null) {
            where.add("agent_id = ?");
            args.add(q.agentId());
        }
        String sql = TASK_SELECT + where(where) + " ORDER BY created_at DESC, task_id DESC LIMIT ?";
        return db.list(sql, ps -> {
            int i = 1;
            for (String a : args) ps.setString(i++, a);
            ps.setInt(i, q.limit());
        }, SqlTaskRows::task);
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
        List<String> where = new ArrayList<>(3);
        List<String> args = new ArrayList<>(3);
        if (q.status() != null) {
            where.add("status = ?");
            args.add(q.status().wire());
        }
        if (q.agentId() != null) {
            where.add("agent_id = ?");
            args.add(q.agentId());
        }
        if (q.taskId() != null) {
            where.add("task_id = ?");
            args.add(q.taskId());
        }
        String sql = ACTION_SELECT + where(where) + " ORDER BY created_at, action_id LIMIT ?";
        return db.list(sql, ps -> {
            int i = 1;
            for (String a : args) ps.setString(i++, a);
            ps.setInt(i, q.limit());
        }, SqlTaskRows::action);
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

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }
}
