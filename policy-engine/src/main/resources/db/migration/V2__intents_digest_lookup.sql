-- The proxy looks up an agent's live intent for a request digest on every request (to join
-- identical re-sends). With only (agent_id, request_digest), SQLite preferred (agent_id, created_at)
-- and walked every intent of the agent; and identical requests share one digest, so even that
-- index alone walks every earlier one. Equality on all three columns seeks the few live rows.
DROP INDEX intents_agent_digest;
CREATE INDEX intents_agent_digest_status ON intents (agent_id, request_digest, status, created_at);
