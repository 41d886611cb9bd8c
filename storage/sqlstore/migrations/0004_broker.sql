-- 0004: Order Broker records, their side effects (history, messages, …) and
-- the work queue of the BROKER run (broker.RecordStore; order-broker.md §0,
-- §3.3, §3.7).

CREATE TABLE omskit_broker_record (
    id          TEXT PRIMARY KEY,       -- uuid
    flow        TEXT NOT NULL,
    company     INTEGER NOT NULL,
    order_no    BIGINT NOT NULL,
    ship_to     INTEGER NOT NULL,
    line_seq    INTEGER NOT NULL,
    status      TEXT NOT NULL,          -- broker.Status letter
    request_id  TEXT NOT NULL,          -- OB's request ID, '' until assigned
    next_at     BIGINT NOT NULL,        -- when the run next takes the record (unix microseconds)
    lease_owner TEXT NOT NULL,          -- worker holding the lease, '' when none
    lease_until BIGINT NOT NULL,        -- the lease ends at this time (unix microseconds)
    body        TEXT NOT NULL,          -- JSON of broker.Record
    updated_at  BIGINT NOT NULL
);
-- What the run leases: records of a status that are due and not leased.
CREATE INDEX omskit_broker_record_due ON omskit_broker_record (status, next_at);
CREATE INDEX omskit_broker_record_request ON omskit_broker_record (request_id) WHERE request_id <> '';
CREATE INDEX omskit_broker_record_order ON omskit_broker_record (company, order_no, ship_to, line_seq);

-- Side effects written with a record change, in the same transaction: an
-- outbox the host drains (history records, order messages, billing, …).
CREATE TABLE omskit_broker_effect (
    id         TEXT PRIMARY KEY,        -- uuid v7: sorts by creation time
    record_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,           -- Go type name, e.g. "broker.History"
    body       TEXT NOT NULL,           -- JSON of the effect
    created_at BIGINT NOT NULL
);
CREATE INDEX omskit_broker_effect_record ON omskit_broker_effect (record_id, id);
