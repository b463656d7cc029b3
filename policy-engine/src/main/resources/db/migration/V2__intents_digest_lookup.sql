-- The proxy looks up an agent's intent by request digest on every request (to join identical
-- re-sends). With only (agent_id, request_digest), SQLite preferred (agent_id, created_at) for the
-- ORDER BY and scanned every intent of the agent: O(n) per request. This index serves both the
-- filter and the order.
DROP INDEX intents_agent_digest;
CREATE INDEX intents_agent_digest_created ON intents (agent_id, request_digest, created_at);
