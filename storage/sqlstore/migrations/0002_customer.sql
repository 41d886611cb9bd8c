-- 0002: customers (customer.Finder/Writer, ShipTo*, BillTo*; order-api.md
-- Part B). Each record's body is a JSON document in TEXT; every lookup the
-- selection rules make has its own normalised key column and index.

-- Next numbers handed out by the store (customer number, bill-to number).
CREATE TABLE omskit_sequence (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO omskit_sequence (name, value) VALUES ('sold_to', 0);
INSERT INTO omskit_sequence (name, value) VALUES ('bill_to', 0);

CREATE TABLE omskit_sold_to (
    number     BIGINT PRIMARY KEY,
    alt_key    TEXT NOT NULL,   -- Alt cust #, trimmed, upper case
    eve_phone  TEXT NOT NULL,   -- evening phone, customer.NormalizePhone
    day_phone  TEXT NOT NULL,   -- day phone, customer.NormalizePhone
    match_key  TEXT NOT NULL,   -- F70 name-and-address key (customer.MatchRules)
    orce_id    TEXT NOT NULL,
    body       TEXT NOT NULL,   -- JSON of customer.SoldTo
    updated_at BIGINT NOT NULL  -- unix microseconds, UTC
);
CREATE INDEX omskit_sold_to_alt ON omskit_sold_to (alt_key) WHERE alt_key <> '';
CREATE INDEX omskit_sold_to_eve ON omskit_sold_to (eve_phone) WHERE eve_phone <> '';
CREATE INDEX omskit_sold_to_day ON omskit_sold_to (day_phone) WHERE day_phone <> '';
CREATE INDEX omskit_sold_to_match ON omskit_sold_to (match_key) WHERE match_key <> '';
CREATE INDEX omskit_sold_to_orce ON omskit_sold_to (orce_id) WHERE orce_id <> '';

-- The match key each customer was created under by CreateSoldTo. Its primary
-- key makes concurrent creates of the same new customer make one: the first
-- transaction to insert the claim creates the customer, the others wait for
-- it on the index and then return its customer. Loaded customers have no
-- claim; a customer whose name or address changes loses it.
CREATE TABLE omskit_sold_to_claim (
    match_key TEXT PRIMARY KEY,
    number    BIGINT NOT NULL   -- 0 until the claiming transaction has its number
);
CREATE INDEX omskit_sold_to_claim_number ON omskit_sold_to_claim (number);

-- Alternate customer # cross-references (one row per customer and value).
CREATE TABLE omskit_sold_to_xref (
    alt_key TEXT NOT NULL,
    number  BIGINT NOT NULL REFERENCES omskit_sold_to (number) ON DELETE CASCADE,
    PRIMARY KEY (alt_key, number)
);
CREATE INDEX omskit_sold_to_xref_number ON omskit_sold_to_xref (number);

CREATE TABLE omskit_bill_to (
    number    BIGINT PRIMARY KEY,
    match_key TEXT NOT NULL,
    body      TEXT NOT NULL     -- JSON of customer.BillTo
);
CREATE INDEX omskit_bill_to_match ON omskit_bill_to (match_key) WHERE match_key <> '';

CREATE TABLE omskit_permanent_ship_to (
    customer BIGINT NOT NULL REFERENCES omskit_sold_to (number) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    body     TEXT NOT NULL,     -- JSON of customer.PermanentShipTo
    PRIMARY KEY (customer, seq)
);

CREATE TABLE omskit_prospect (
    id   TEXT PRIMARY KEY,      -- Prospect finder number, trimmed
    body TEXT NOT NULL          -- JSON of customer.Prospect
);

-- The F70 rules the match keys were built under; a store opened with other
-- rules refuses to answer match-key lookups (customer.ErrMatchRulesMismatch).
CREATE TABLE omskit_match_rules (
    id          SMALLINT PRIMARY KEY,  -- always 1: one rule set per database
    fingerprint TEXT NOT NULL          -- '' until a customer store records its rules
);
INSERT INTO omskit_match_rules (id, fingerprint) VALUES (1, '');
