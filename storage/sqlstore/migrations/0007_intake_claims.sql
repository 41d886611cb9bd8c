-- 0007: an intake that calls outside services claims its key first
-- (order.IntakeClaimer): a row with a claim token and no result yet,
-- committed on its own; the order's commit completes it. A claim not
-- completed lapses at claimed_until (unix microseconds), so a process that
-- died holding one does not block its order number for ever.
ALTER TABLE omskit_intake ADD COLUMN claim TEXT NOT NULL DEFAULT '';
ALTER TABLE omskit_intake ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0;
-- Sales rep numbers are reserved like order numbers (ORD-082 E3): from a
-- sequence, so concurrent intakes never share one.
INSERT INTO omskit_sequence (name, value) SELECT 'rep', COALESCE(MAX(number), 0) FROM omskit_rep;
