-- What each attempt needs to run and to be followed across restarts of job-service.
ALTER TABLE jobs
    ADD COLUMN spec              JSONB,
    ADD COLUMN ray_submission_id TEXT,
    ADD COLUMN cancel_requested  BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN log_lines         BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN last_step         BIGINT  NOT NULL DEFAULT -1,
    ADD COLUMN metrics           JSONB   NOT NULL DEFAULT '{}',
    ADD COLUMN queue_position    INT     NOT NULL DEFAULT -1,
    ADD COLUMN unreachable_since TIMESTAMPTZ;
UPDATE jobs SET spec = jsonb_build_object('jobId', id, 'owner', owner, 'environment', environment,
    'template', template, 'workers', workers, 'hyperparameters', '{}'::jsonb);
ALTER TABLE jobs ALTER COLUMN spec SET NOT NULL;
UPDATE jobs SET status = 'QUEUED', attempt = 1 WHERE status = 'SUBMITTED';
CREATE INDEX jobs_active ON jobs (submitted_at) WHERE status IN ('QUEUED', 'STARTING', 'RUNNING');

CREATE TABLE environments (
    owner        TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    ready        BOOLEAN NOT NULL,
    jobs_api_url TEXT,
    workers      INT     NOT NULL,
    PRIMARY KEY (owner, name)
);
