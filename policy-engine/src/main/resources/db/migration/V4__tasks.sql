-- Tollgate schema, version 4: the task-execution channel (tasks, steps, pending actions, wallets).
--
-- Same rules as V1: portable SQL (SQLite now, PostgreSQL later), times in epoch milliseconds,
-- JSON as TEXT, enums as lowercase wire names, no semicolons or double dashes inside literals.
-- Every single-use transition is an UPDATE ... WHERE status = <expected> in the code; the
-- constraints below are the last line of defence when several writers share the database.

CREATE TABLE tasks (
    task_id         TEXT PRIMARY KEY,
    gateway_id      TEXT NOT NULL,
    agent_id        TEXT NOT NULL,
    user_id         TEXT,
    team_id         TEXT,
    org_id          TEXT,
    tool_invocation TEXT,
    cache_context   TEXT,
    metadata        TEXT,
    status          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX tasks_status_created ON tasks (status, created_at);
CREATE INDEX tasks_agent_created ON tasks (agent_id, created_at);

-- request: the agent's request without withheld fields (a write's content). body: those fields,
-- needed to perform an approved write after a restart, set to NULL when the step ends.
CREATE TABLE steps (
    step_id      TEXT PRIMARY KEY,
    task_id      TEXT NOT NULL REFERENCES tasks (task_id),
    seq          INTEGER NOT NULL,
    op           TEXT NOT NULL,
    request      TEXT NOT NULL,
    body         TEXT,
    status       TEXT NOT NULL,
    risk_level   TEXT,
    risk_reason  TEXT,
    reason_code  TEXT,
    result       TEXT,
    action_id    TEXT,
    cost         BIGINT NOT NULL,
    wallet_scope TEXT,
    wallet_id    TEXT,
    created_at   BIGINT NOT NULL,
    started_at   BIGINT,
    ended_at     BIGINT
);
CREATE UNIQUE INDEX steps_task_seq ON steps (task_id, seq);
-- Recovery (running, approved) and resuming held steps, oldest first.
CREATE INDEX steps_status_created ON steps (status, created_at);

CREATE TABLE actions (
    action_id      TEXT PRIMARY KEY,
    task_id        TEXT NOT NULL REFERENCES tasks (task_id),
    step_id        TEXT NOT NULL REFERENCES steps (step_id),
    gateway_id     TEXT NOT NULL,
    agent_id       TEXT NOT NULL,
    user_id        TEXT,
    team_id        TEXT,
    org_id         TEXT,
    op             TEXT NOT NULL,
    preview        TEXT,
    cwd            TEXT,
    risk_level     TEXT,
    risk_reason    TEXT,
    scope          TEXT,
    command_digest TEXT NOT NULL,
    policy_version TEXT,
    status         TEXT NOT NULL,
    decided_by     TEXT,
    decided_at     BIGINT,
    reason         TEXT,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    consumed_at    BIGINT
);
-- One action per step: an approval can never be attached to, or reused by, another step.
CREATE UNIQUE INDEX actions_step ON actions (step_id);
-- The review queue and the expiry sweep.
CREATE INDEX actions_status_expires ON actions (status, expires_at);
CREATE INDEX actions_agent_status ON actions (agent_id, status, created_at);
CREATE INDEX actions_task ON actions (task_id);

CREATE TABLE wallets (
    scope      TEXT NOT NULL,
    id         TEXT NOT NULL,
    balance    BIGINT NOT NULL CHECK (balance >= 0),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (scope, id)
);
