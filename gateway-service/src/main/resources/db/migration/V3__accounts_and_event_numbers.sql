CREATE TABLE app_user (
    username      TEXT        PRIMARY KEY,
    password_hash TEXT,
    role          TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_token (
    id          TEXT        PRIMARY KEY,
    owner       TEXT        NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    secret_hash TEXT        NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ
);
CREATE INDEX api_token_owner ON api_token (owner);

CREATE TABLE revoked_session (
    session_id TEXT        PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);

-- Outlives rebuilds of the read model, so stream ids never go back.
CREATE SEQUENCE user_event_seq;

-- The read model's tables are made by the service from db/read-model.sql, which it runs again to
-- rebuild them from the topics.
DROP TABLE job_view, environment_view, job_log_line;
