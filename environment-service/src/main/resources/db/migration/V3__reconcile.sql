ALTER TABLE environments ADD COLUMN dashboard_url TEXT;
ALTER TABLE environments ADD COLUMN since TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE environment_jobs ADD COLUMN running BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX environments_status ON environments (status);

-- The local provisioner's own record of the Ray processes it started, so a restarted service
-- finds them again (or knows what to clean up) instead of leaking or forgetting them.
CREATE TABLE local_clusters (
    owner          TEXT NOT NULL,
    name           TEXT NOT NULL,
    temp_dir       TEXT NOT NULL,
    gcs_port       INT  NOT NULL,
    dashboard_port INT  NOT NULL,
    PRIMARY KEY (owner, name)
);
