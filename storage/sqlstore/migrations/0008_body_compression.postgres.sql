-- omskit:optional
-- 0008: the two large JSON columns an order intake writes (the intake's
-- result and the order body, about 2 kB each for a one-line order) are
-- compressed with lz4 instead of the default pglz: PostgreSQL compresses a
-- row's large values before storing it, and pglz cost the intake's one
-- statement about a tenth of its server CPU (issue 16). lz4 needs
-- PostgreSQL 14 or later built with it; elsewhere this optional migration
-- fails, is rolled back, and the columns keep the default, which changes
-- nothing but speed. Only values written from now on change: no rewrite.
ALTER TABLE omskit_intake ALTER COLUMN result SET COMPRESSION lz4;
ALTER TABLE omskit_order ALTER COLUMN body SET COMPRESSION lz4;
