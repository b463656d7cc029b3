package dev.tollgate.engine.store.sqlite;

import dev.tollgate.engine.store.StoreException;
import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.task.Identity;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.task.TaskStatus;
import dev.tollgate.engine.task.Wallet;
import dev.tollgate.engine.task.WalletScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;

/** Column lists and row mapping of the task-channel tables (same conventions as {@link Rows}). */
final class SqlTaskRows {
    static final String TASK_COLUMNS = "task_id, gateway_id, agent_id, user_id, team_id, org_id, tool_invocation,"
            + " cache_context, metadata, status, created_at, updated_at";
    static final String STEP_COLUMNS = "step_id, task_id, seq, op, request, status, risk_level, risk_reason,"
            + " reason_code, result, action_id, cost, wallet_scope, wallet_id, created_at, started_at, ended_at";
    static final String ACTION_COLUMNS = "action_id, task_id, step_id, gateway_id, agent_id, user_id, team_id,"
            + " org_id, op, preview, cwd, risk_level, risk_reason, scope, command_digest, policy_version, status,"
            + " decided_by, decided_at, reason, created_at, expires_at, consumed_at";
    static final String WALLET_COLUMNS = "scope, id, balance, updated_at";

    private SqlTaskRows() {}

    static Task task(ResultSet rs) throws SQLException {
        return new Task(rs.getString(1), rs.getString(2), rs.getString(3),
                new Identity(rs.getString(4), rs.getString(5), rs.getString(6)), Rows.jsonNode(rs, 7),
                Rows.jsonNode(rs, 8), Rows.jsonNode(rs, 9), wire(rs.getString(10), "task status", TaskStatus::fromWire),
                Rows.time(rs, 11), Rows.time(rs, 12));
    }

    static Step step(ResultSet rs) throws SQLException {
        String scope = rs.getString(13);
        return new Step(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), Rows.jsonNode(rs, 5),
                wire(rs.getString(6), "step status", StepStatus::fromWire), rs.getString(7), rs.getString(8),
                rs.getString(9), Rows.jsonNode(rs, 10), rs.getString(11), rs.getLong(12),
                scope == null ? null : wire(scope, "wallet scope", WalletScope::fromWire), rs.getString(14),
                Rows.time(rs, 15), Rows.time(rs, 16), Rows.time(rs, 17));
    }

    static PendingAction action(ResultSet rs) throws SQLException {
        return new PendingAction(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                new Identity(rs.getString(6), rs.getString(7), rs.getString(8)), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getString(16), wire(rs.getString(17), "action status", ActionStatus::fromWire), rs.getString(18),
                Rows.time(rs, 19), rs.getString(20), Rows.time(rs, 21), Rows.time(rs, 22), Rows.time(rs, 23));
    }

    static Wallet wallet(ResultSet rs) throws SQLException {
        return new Wallet(wire(rs.getString(1), "wallet scope", WalletScope::fromWire), rs.getString(2),
                rs.getLong(3), Rows.time(rs, 4));
    }

    /** An unknown enum value in a row is corruption (or a newer Tollgate's data), never guessed at. */
    private static <E> E wire(String value, String what, Function<String, Optional<E>> parse) {
        return parse.apply(value).orElseThrow(() -> new StoreException("unknown " + what + " '" + value
                + "' in the database (written by a newer Tollgate?)"));
    }
}
