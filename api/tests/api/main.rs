//! Integration tests: each starts the real server on port 0 with a fresh database (a SQLite
//! file, or a PostgreSQL database when `CHANCERY_TEST_DATABASE=postgres`) and talks HTTP to it.

mod caching;
mod counters;
mod edits;
mod errors;
mod facets;
mod helpers;
mod import_export;
mod openapi;
mod permissions;
mod publications;
mod reader;
mod seed;
mod sessions;
mod settings;
mod staff;
mod tokens;
mod users;
mod visibility;
mod writes;
