-- Outbox rows the broker refused for good (too large, unknown topic, not allowed): kept with the
-- reason for a person to look at, so they never block the rows behind them.
CREATE TABLE dead_outbox (
    id         BIGINT      PRIMARY KEY,
    event_id   TEXT        NOT NULL,
    topic      TEXT        NOT NULL,
    record_key TEXT,
    headers    TEXT        NOT NULL,
    value      BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    reason     TEXT        NOT NULL,
    failed_at  TIMESTAMPTZ NOT NULL
);
