-- Every proxied request inserts an intent, so each index on intents is paid on the hot path.
-- Two lookups only ever want live rows: joining an identical re-send (pending, or approved and
-- unused) and the expiry sweep (pending). Partial indexes hold just those rows: smaller, cheaper
-- to maintain, and a lookup no longer walks the finished intents that share a digest.
-- The queries repeat these conditions word for word (SqlReader.LIVE_BY_DIGEST, OVERDUE_PENDING).
DROP INDEX intents_agent_digest_status;
CREATE INDEX intents_live_digest ON intents (agent_id, request_digest, created_at)
    WHERE (status = 'pending_approval' OR (status = 'approved' AND used_at IS NULL));
DROP INDEX intents_status_expires;
CREATE INDEX intents_pending_expires ON intents (expires_at, id) WHERE status = 'pending_approval';
-- Intent events have no task and task events no intent: each index keeps only its own rows.
-- (`x = ?` implies `x IS NOT NULL`, so SQLite uses these for the per-intent and per-task trails.)
DROP INDEX audit_events_task;
CREATE INDEX audit_events_task ON audit_events (task_id, seq) WHERE task_id IS NOT NULL;
DROP INDEX audit_events_intent;
CREATE INDEX audit_events_intent ON audit_events (intent_id, seq) WHERE intent_id IS NOT NULL;
