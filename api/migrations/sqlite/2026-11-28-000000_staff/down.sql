DROP TABLE sessions;
DROP TABLE revisions;
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE users;
