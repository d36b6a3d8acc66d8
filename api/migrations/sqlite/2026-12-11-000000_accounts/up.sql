-- Account lifecycle. A user can be disabled (signing in and every credential they hold stop at
-- once) or removed (a tombstone: the name stays taken, so the audit log never names two people
-- alike). Tokens get an owner, whose role caps theirs, an optional expiry and the last time
-- they were used; tokens made before owners existed keep a null owner.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;
ALTER TABLE users ADD COLUMN removed_at TIMESTAMP;
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMP;
UPDATE users SET password_changed_at = created_at;

ALTER TABLE api_tokens ADD COLUMN owner TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
ALTER TABLE api_tokens ADD COLUMN last_used_at TIMESTAMP;
CREATE INDEX api_tokens_owner ON api_tokens (owner);

-- Shown in each user's list of sessions, so they can tell which one to end.
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
CREATE INDEX sessions_user_name ON sessions (user_name);

-- Actors are typed (`user`, `token` or `cli`) instead of bare names; `detail` is JSON text
-- (what changed, from and to). Older entries: `cli` is the command line, a name only a token
-- has was a token, anything else a user.
ALTER TABLE audit_log ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'user';
ALTER TABLE audit_log ADD COLUMN detail TEXT;
UPDATE audit_log SET actor_kind = 'cli' WHERE actor = 'cli';
UPDATE audit_log SET actor_kind = 'token'
WHERE actor <> 'cli'
  AND actor IN (SELECT name FROM api_tokens)
  AND actor NOT IN (SELECT name FROM users);
