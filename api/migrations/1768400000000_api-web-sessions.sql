-- Up Migration

-- The web interface's sessions and its sign-ins under way (OpenID Connect, backend-for-frontend). They
-- live in Postgres, not in the API's memory, so a restart or a second API instance keeps everyone
-- signed in. Only the SHA-256 of each cookie's random id is stored: a copy of this table signs nobody in.
CREATE TABLE api_web_sessions (
  id_sha256    text        PRIMARY KEY,
  claims       jsonb       NOT NULL,
  csrf_token   text        NOT NULL,
  id_token     text,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX api_web_sessions_last_seen ON api_web_sessions (last_seen_at);

CREATE TABLE api_pending_logins (
  id_sha256     text        PRIMARY KEY,
  issuer        text        NOT NULL,
  code_verifier text        NOT NULL,
  state         text        NOT NULL,
  redirect_uri  text        NOT NULL,
  return_to     text,
  created_at    timestamptz NOT NULL
);

REVOKE ALL ON api_web_sessions, api_pending_logins FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_web_sessions, api_pending_logins TO arshjul;

-- Down Migration

DROP TABLE api_pending_logins;
DROP TABLE api_web_sessions;
