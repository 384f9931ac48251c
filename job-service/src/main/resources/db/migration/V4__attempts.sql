-- An attempt keeps the end of its log (a failure quotes it without reading the log again) and the
-- executor job of the lost attempt before it, which must be seen stopped before it may start.
ALTER TABLE jobs
    ADD COLUMN log_tail               JSONB NOT NULL DEFAULT '[]',
    ADD COLUMN previous_submission_id TEXT;
