-- 0003: orders, intake idempotency records, batches and sales reps
-- (order.Store and order.RepDirectory; order-api.md A.1, A.2, A.11).

CREATE TABLE omskit_order (
    id           TEXT PRIMARY KEY,   -- uuid minted by the intake
    company_code TEXT NOT NULL,
    order_number TEXT NOT NULL,      -- the host's order_number (ORD-010)
    status       TEXT NOT NULL,
    body         TEXT NOT NULL,      -- JSON of order.Order
    updated_at   BIGINT NOT NULL     -- unix microseconds, UTC
);
CREATE INDEX omskit_order_number ON omskit_order (order_number, company_code);

-- One row per idempotency key ("order:"+order_number, "payment:"+rdc_order_nbr).
-- The primary key is what makes a message's writes happen once: the first
-- transaction to insert the key writes the message; concurrent ones wait for
-- it on the index and then replay its result.
CREATE TABLE omskit_intake (
    key          TEXT PRIMARY KEY,
    payload_hash TEXT NOT NULL,      -- hex SHA-256 of the message payload
    order_id     TEXT NOT NULL,
    result       TEXT NOT NULL,      -- JSON of order.Result (returned on replay)
    batch        TEXT NULL,          -- JSON of order.Batch after this order, if batched
    committed_at BIGINT NOT NULL
);
CREATE INDEX omskit_intake_order ON omskit_intake (order_id);

CREATE TABLE omskit_batch (
    number TEXT PRIMARY KEY,         -- batch_number (ORD-012)
    body   TEXT NOT NULL             -- JSON of order.Batch
);

CREATE TABLE omskit_rep (
    number INTEGER PRIMARY KEY,
    name   TEXT NOT NULL
);
CREATE INDEX omskit_rep_name ON omskit_rep (name);
