-- A sweep's trial pauses at a rung: its attempt stops after the epoch in pause_at, and the job
-- waits (status PAUSED) until a later attempt resumes it; resumes are not counted as retries.
ALTER TABLE jobs
    ADD COLUMN pause_at INTEGER,
    ADD COLUMN resumes  INTEGER NOT NULL DEFAULT 0;
