-- 0008: on PostgreSQL, lz4 compression of the intake result and order body
-- columns (see the .postgres.sql file). SQLite stores values as they are:
-- nothing to change.
SELECT 1;
