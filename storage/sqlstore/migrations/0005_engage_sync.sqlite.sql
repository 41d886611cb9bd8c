-- 0005: the Customer Engagement feed outbox (orce/engage.Store; engage-orders.md)
-- and the ERP/commerce customer sync state (customer/sync.Store; customer-sync.md).
-- The two dialect files differ only in the sync key's collation.

CREATE TABLE omskit_engage_entry (
    key        TEXT PRIMARY KEY,        -- idempotency key of the change
    seq        BIGINT NOT NULL UNIQUE,  -- assigned by the store, in Add order
    kind       TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    state      TEXT NOT NULL,
    body       TEXT NOT NULL            -- JSON of engage.Entry
);
CREATE INDEX omskit_engage_entry_state ON omskit_engage_entry (state, seq);
CREATE INDEX omskit_engage_entry_order ON omskit_engage_entry (order_id, seq) WHERE order_id <> '';
CREATE INDEX omskit_engage_entry_contact ON omskit_engage_entry (contact_id, seq) WHERE contact_id <> '';
INSERT INTO omskit_sequence (name, value) VALUES ('engage_entry', 0);

-- The latest version tag seen per order (ENG-011).
CREATE TABLE omskit_engage_tag (
    order_id TEXT PRIMARY KEY,
    tag      TEXT NOT NULL
);

-- SQLite compares TEXT byte by byte (BINARY) already.
CREATE TABLE omskit_sync_state (
    key  TEXT PRIMARY KEY,
    body TEXT NOT NULL                  -- JSON of sync.State
);
