-- A sweep and its trials' standing, as one document: it is only ever read and written whole,
-- under its row's lock.
CREATE TABLE sweeps (
    id         TEXT        PRIMARY KEY,
    owner      TEXT        NOT NULL,
    status     TEXT        NOT NULL,
    body       JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
