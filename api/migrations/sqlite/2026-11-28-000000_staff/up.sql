-- Staff: people who sign in, tokens for machine clients, and who did what.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('contributor', 'editor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Only a SHA-256 of each token is kept; the token itself is shown once, when it is made.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('contributor', 'editor', 'admin')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);

-- Every saved state of a publication, numbered from 1, as the record that import reads.
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    change_note TEXT,
    record TEXT NOT NULL,
    UNIQUE (publication_id, number)
);

-- Signed-in browser sessions. The cookie holds a random secret; only its SHA-256 is kept. The
-- CSRF token must accompany every write made with the cookie.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
