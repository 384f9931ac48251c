DROP TABLE IF EXISTS job_view, environment_view, job_log_line, model_version_view, user_event,
    sweep_view;

CREATE TABLE job_view (
    id          TEXT        PRIMARY KEY,
    owner       TEXT        NOT NULL,
    environment TEXT        NOT NULL,
    status      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    doc         JSONB       NOT NULL
);
CREATE INDEX job_view_owner ON job_view (owner, created_at DESC, id DESC);

CREATE TABLE environment_view (
    owner      TEXT        NOT NULL,
    name       TEXT        NOT NULL,
    status     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    doc        JSONB       NOT NULL,
    PRIMARY KEY (owner, name)
);

CREATE TABLE job_log_line (
    job_id  TEXT   NOT NULL,
    attempt INT    NOT NULL,
    line_no BIGINT NOT NULL,
    text    TEXT   NOT NULL,
    PRIMARY KEY (job_id, attempt, line_no)
);

CREATE TABLE model_version_view (
    name       TEXT        NOT NULL,
    version    INT         NOT NULL,
    owner      TEXT        NOT NULL,
    job_id     TEXT        NOT NULL,
    aliases    TEXT[]      NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (name, version)
);
CREATE INDEX model_version_owner ON model_version_view (owner, name);

CREATE TABLE user_event (
    seq         BIGINT      PRIMARY KEY DEFAULT nextval('user_event_seq'),
    owner       TEXT        NOT NULL,
    job_id      TEXT,
    environment TEXT,
    sweep_id    TEXT,
    type        TEXT        NOT NULL,
    data        TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX user_event_owner ON user_event (owner, seq);
CREATE INDEX user_event_job ON user_event (job_id, seq);
CREATE INDEX user_event_sweep ON user_event (sweep_id, seq) WHERE sweep_id IS NOT NULL;

CREATE TABLE sweep_view (
    id         TEXT        PRIMARY KEY,
    owner      TEXT        NOT NULL,
    status     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    doc        JSONB       NOT NULL
);
CREATE INDEX sweep_view_owner ON sweep_view (owner, created_at DESC, id DESC);
CREATE INDEX job_view_sweep ON job_view ((doc->'spec'->>'sweep')) WHERE doc->'spec'->>'sweep' IS NOT NULL;
