-- Secrets every node sharing this database must agree on, made once on first start: the key
-- that signs cursors (`cursor_key`). Values are hex.
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
