-- 0008: the two large JSON columns an order intake writes (the intake's
-- result, about 5 kB for a one-line order, and the order body, about 2 kB)
-- are compressed with lz4 instead of the default pglz: PostgreSQL compresses
-- a row's large values before storing it, and pglz costs the intake's one
-- statement about a tenth of its server CPU (issue 16). lz4 needs PostgreSQL
-- 14 or later built with it; elsewhere the columns keep the default, which
-- changes nothing but speed, so the change is made only where it is taken.
-- Only the compression of values written from now on changes: no rewrite.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE omskit_intake ALTER COLUMN result SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE omskit_order ALTER COLUMN body SET COMPRESSION lz4';
EXCEPTION WHEN OTHERS THEN
    NULL;
END
$$;
