-- Up Migration

-- Every chain head the store signed (eventstore/signing.ts). A copy only: the heads that count are those
-- published where the database owner cannot rewrite them (the Kafka topic arshjul.signed-heads, exports).
CREATE TABLE signed_heads (
  chain_id  text        NOT NULL CHECK (chain_id <> ''),
  position  bigint      NOT NULL CHECK (position >= 0),
  hash      text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  signed_at timestamptz NOT NULL,
  key_id    text        NOT NULL CHECK (key_id <> ''),
  signature text        NOT NULL,
  PRIMARY KEY (chain_id, signed_at, key_id)
);

REVOKE ALL ON signed_heads FROM PUBLIC;
GRANT SELECT, INSERT ON signed_heads TO arshjul;

-- Down Migration

DROP TABLE signed_heads;
