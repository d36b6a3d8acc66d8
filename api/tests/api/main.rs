//! Integration tests: each starts the real server on port 0 with a fresh database (a SQLite
//! file, or a PostgreSQL database when `CHANCERY_TEST_DATABASE=postgres`) and talks HTTP to it.

mod caching;
mod caps;
mod changes;
mod counters;
mod cursors;
mod defences;
mod edits;
mod embargo;
mod errors;
mod facets;
mod feeds;
mod helpers;
mod import_export;
mod memo;
mod mirror;
mod openapi;
mod origins;
mod permissions;
mod publications;
mod reader;
mod search;
mod search_index;
mod search_limits;
mod seed;
mod sessions;
mod settings;
mod shutdown;
mod sign_in_throttle;
mod sitemap;
mod staff;
mod tokens;
mod users;
mod visibility;
mod writes;
