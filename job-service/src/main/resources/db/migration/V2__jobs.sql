CREATE TABLE jobs (
    id            TEXT        PRIMARY KEY,
    owner         TEXT        NOT NULL,
    environment   TEXT        NOT NULL,
    template      TEXT        NOT NULL,
    workers       INT         NOT NULL,
    status        TEXT        NOT NULL,
    attempt       INT         NOT NULL,
    mlflow_run_id TEXT,
    reason        TEXT,
    submitted_at  TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX jobs_owner_environment ON jobs (owner, environment);
