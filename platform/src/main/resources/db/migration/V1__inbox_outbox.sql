-- Events this service has handled, by consumer and ce_id: a redelivered event is dropped.
CREATE TABLE inbox (
    consumer    TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_received_at ON inbox (received_at);

-- Events written in the same transaction as the state change that caused them; a relay
-- publishes them (acks=all) and deletes them, so a crash between the two loses nothing.
CREATE TABLE outbox (
    id         BIGSERIAL   PRIMARY KEY,
    event_id   TEXT        NOT NULL,
    topic      TEXT        NOT NULL,
    record_key TEXT,
    headers    TEXT        NOT NULL,
    value      BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
