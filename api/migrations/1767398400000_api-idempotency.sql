-- Up Migration

-- Idempotency keys of the HTTP API: a POST retried with the same Idempotency-Key (by the same user of
-- the same municipality) gets the stored response instead of acting twice. status_code is null while
-- the first request is still being handled.
CREATE TABLE api_idempotency_keys (
  principal     text        NOT NULL CHECK (principal <> ''),
  key           text        NOT NULL CHECK (key <> ''),
  method        text        NOT NULL,
  path          text        NOT NULL,
  request_hash  text        NOT NULL,
  status_code   integer,
  content_type  text,
  response_body text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  completed_at  timestamptz,
  PRIMARY KEY (principal, key)
);

REVOKE ALL ON api_idempotency_keys FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_idempotency_keys TO arshjul;

-- Down Migration

DROP TABLE api_idempotency_keys;
