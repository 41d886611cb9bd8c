-- 0001: the store's own metadata. Domain tables arrive in later migrations.
CREATE TABLE omskit_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO omskit_meta (key, value) VALUES ('created_by', 'omskit');
