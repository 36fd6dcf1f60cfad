-- Up Migration

-- Idempotency keys expire after 24 hours; the API deletes expired ones periodically by age.
CREATE INDEX api_idempotency_keys_created_at ON api_idempotency_keys (created_at);

-- Down Migration

DROP INDEX api_idempotency_keys_created_at;
