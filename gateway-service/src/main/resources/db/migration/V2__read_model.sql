CREATE TABLE job_view (
    id             TEXT        PRIMARY KEY,
    owner          TEXT        NOT NULL,
    environment    TEXT        NOT NULL,
    template       TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    attempt        INT         NOT NULL,
    queue_position INT,
    metrics        JSONB       NOT NULL,
    mlflow_run_id  TEXT,
    model_name     TEXT,
    model_version  INT,
    reason         TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX job_view_owner ON job_view (owner, created_at DESC);

CREATE TABLE environment_view (
    owner         TEXT        NOT NULL,
    name          TEXT        NOT NULL,
    status        TEXT        NOT NULL,
    reason        TEXT,
    workers       INT         NOT NULL,
    dashboard_url TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (owner, name)
);

CREATE TABLE job_log_line (
    job_id  TEXT   NOT NULL,
    attempt INT    NOT NULL,
    line_no BIGINT NOT NULL,
    text    TEXT   NOT NULL,
    PRIMARY KEY (job_id, attempt, line_no)
);
