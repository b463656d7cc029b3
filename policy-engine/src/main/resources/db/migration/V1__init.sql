-- Tollgate schema, version 1.
--
-- Portable SQL: it runs on SQLite and is meant to run unchanged on PostgreSQL. Times are epoch
-- milliseconds (BIGINT); JSON values (metadata, lists, worker reports) are TEXT holding JSON;
-- enum values are their lowercase wire names. The migration runner strips "--" comments and
-- splits statements at ';', so neither may appear inside a string literal.
-- Tasks, steps, pending actions and wallets come in a later migration.

CREATE TABLE agents (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    owner                TEXT,
    risk_tier            TEXT,
    status               TEXT NOT NULL,
    allowed_policies     TEXT,              -- JSON array; NULL means all
    allowed_destinations TEXT,              -- JSON array; NULL means all
    framework            TEXT,
    metadata             TEXT,
    key_hash             TEXT NOT NULL UNIQUE,
    created_at           BIGINT NOT NULL
);

CREATE TABLE reviewers (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    active     BOOLEAN NOT NULL,
    key_hash   TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- No foreign key to agents: an intent records who proposed it even if that identity is not a
-- registered agent row (the agent id is copied, with its name, at proposal time).
CREATE TABLE intents (
    id                  TEXT PRIMARY KEY,
    agent_id            TEXT NOT NULL,
    agent_name          TEXT,
    on_behalf_of        TEXT,
    destination         TEXT,
    policy_id           TEXT,
    policy_version      TEXT,
    payload_hash        TEXT,
    payload_type        TEXT,
    payload_size        BIGINT NOT NULL,
    record_count        BIGINT,
    status              TEXT NOT NULL,
    reason_code         TEXT,
    block_reason        TEXT,
    risk_score          DOUBLE PRECISION NOT NULL,
    risk_level          TEXT,
    idempotency_key     TEXT,
    metadata            TEXT,
    request_digest      TEXT,
    used_at             BIGINT,
    created_at          BIGINT NOT NULL,
    expires_at          BIGINT,
    decided_at          BIGINT,
    decided_by          TEXT,
    estimated_value_usd DOUBLE PRECISION,
    sensitivity_tags    TEXT NOT NULL       -- JSON array
);
-- The idempotency guarantee is this constraint, not a prior read. NULL keys never conflict.
CREATE UNIQUE INDEX intents_agent_idempotency ON intents (agent_id, idempotency_key);
CREATE INDEX intents_created ON intents (created_at);
CREATE INDEX intents_status_created ON intents (status, created_at);
CREATE INDEX intents_agent_created ON intents (agent_id, created_at);
CREATE INDEX intents_agent_digest ON intents (agent_id, request_digest);
-- The expiry sweep: pending intents by expiry.
CREATE INDEX intents_status_expires ON intents (status, expires_at);

CREATE TABLE executions (
    id            TEXT PRIMARY KEY,
    intent_id     TEXT NOT NULL REFERENCES intents (id),
    agent_id      TEXT NOT NULL,
    mode          TEXT,
    status        TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    worker_report TEXT,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT,
    completed_at  BIGINT
);
CREATE INDEX executions_intent ON executions (intent_id, status);

-- Append-only and hash-chained; seq is gap-free from 1 (assigned by the single writer).
-- In SQLite "INTEGER PRIMARY KEY" is the 64-bit row id itself, the cheapest possible key.
CREATE TABLE audit_events (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL,
    intent_id  TEXT,
    task_id    TEXT,
    event_type TEXT NOT NULL,
    actor      TEXT,
    metadata   TEXT,
    created_at BIGINT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_events_intent ON audit_events (intent_id, seq);
CREATE INDEX audit_events_task ON audit_events (task_id, seq);

CREATE TABLE webhooks (
    id         TEXT PRIMARY KEY,
    intent_id  TEXT NOT NULL REFERENCES intents (id),
    agent_id   TEXT,
    url        TEXT NOT NULL,
    secret     TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX webhooks_intent ON webhooks (intent_id);

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    webhook_id      TEXT NOT NULL REFERENCES webhooks (id),
    intent_id       TEXT,
    event           TEXT NOT NULL,
    actor           TEXT,
    fired_at        BIGINT NOT NULL,
    attempt         INTEGER NOT NULL,
    next_attempt_at BIGINT,
    state           TEXT NOT NULL,
    last_error      TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
