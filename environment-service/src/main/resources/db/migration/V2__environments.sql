CREATE TABLE environments (
    owner            TEXT             NOT NULL,
    name             TEXT             NOT NULL,
    workers          INT              NOT NULL,
    worker_cpu       DOUBLE PRECISION NOT NULL,
    worker_memory_gi DOUBLE PRECISION NOT NULL,
    gpus_per_worker  INT              NOT NULL,
    status           TEXT             NOT NULL,
    reason           TEXT,
    last_activity    TIMESTAMPTZ      NOT NULL,
    updated_at       TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (owner, name)
);

-- Later job events name only the job; this says where it runs, for idle clean-up.
CREATE TABLE environment_jobs (
    job_id      TEXT PRIMARY KEY,
    owner       TEXT NOT NULL,
    environment TEXT NOT NULL
);
